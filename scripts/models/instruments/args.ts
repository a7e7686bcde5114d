/** Command-line arguments of the instruments build, checked where they enter. */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { REAL_FOLDS, ROOT, SAMPLED_PER_FONT, SPEECH_CLIPS } from './config';

export interface Args {
  quick: boolean;
  seed: number;
  out: string;
  phrasesPerClass: number;
  epochs: number;
  /** Model config fields over the defaults (JSON), for experiments. */
  model: Record<string, unknown>;
  /** Training config fields over the defaults (JSON), for experiments. */
  training: Record<string, unknown>;
  songs: boolean;
  workers: number;
  /** MLPs trained with different seeds and averaged. */
  members: number;
  /** Real-recording folds scored by cross-validation (fold 0 is the shipped model's own held-out fold). */
  folds: number;
  /** Synthesised speech clips in the `voice` class (voice.ts; needs espeak-ng); 0 = none. */
  voice: number;
  /** Recorded spoken words in the `voice` class (speech.ts; needs ktuberling-data); 0 = none. */
  speech: number;
  /** Phrases rendered a class and sound font (sampled.ts; needs fluidsynth and the fonts); 0 = none. */
  sampled: number;
}

const USAGE =
  '--quick, --seed N, --out DIR, --phrases N, --epochs N, --model JSON, --training JSON, --workers N, --members N, --folds N, --voice N, --speech N, --sampled N, --no-songs';

export function parseArgs(argv: string[]): Args {
  const args: Args = {
    quick: false,
    seed: 7,
    out: path.join(ROOT, 'public/models/instruments'),
    phrasesPerClass: 150,
    epochs: 8,
    model: {},
    training: {},
    songs: true,
    workers: Math.max(1, Math.min(4, availableParallelism())),
    members: 1,
    folds: REAL_FOLDS,
    voice: 0,
    speech: SPEECH_CLIPS,
    sampled: SAMPLED_PER_FONT,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`Expected a value after ${a}`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a === '--seed') args.seed = Number(value());
    else if (a === '--out') args.out = path.resolve(value());
    else if (a === '--phrases') args.phrasesPerClass = Number(value());
    else if (a === '--epochs') args.epochs = Number(value());
    else if (a === '--model') args.model = JSON.parse(value()) as Record<string, unknown>;
    else if (a === '--training') args.training = JSON.parse(value()) as Record<string, unknown>;
    else if (a === '--workers') args.workers = Number(value());
    else if (a === '--members') args.members = Number(value());
    else if (a === '--folds') args.folds = Number(value());
    else if (a === '--voice') args.voice = Number(value());
    else if (a === '--speech') args.speech = Number(value());
    else if (a === '--sampled') args.sampled = Number(value());
    else if (a === '--no-songs') args.songs = false;
    else throw new Error(`Unknown argument ${a} (expected ${USAGE})`);
  }
  if (!Number.isSafeInteger(args.seed)) throw new Error(`Expected --seed to be an integer, got ${args.seed}`);
  for (const key of [
    'phrasesPerClass',
    'epochs',
    'workers',
    'members',
    'folds',
    'voice',
    'speech',
    'sampled',
  ] as const) {
    if (!(Number.isInteger(args[key]) && args[key] >= 0))
      throw new Error(`Expected ${key} to be a whole number, got ${args[key]}`);
  }
  if (args.members < 1) throw new Error(`Expected --members to be at least 1, got ${args.members}`);
  if (args.folds < 1 || args.folds > REAL_FOLDS)
    throw new Error(`Expected --folds to be within 1 … ${REAL_FOLDS}, got ${args.folds}`);
  if (args.quick) {
    args.phrasesPerClass = Math.min(args.phrasesPerClass, 60);
    args.epochs = Math.min(args.epochs, 25);
    args.members = 1;
    args.folds = 1;
  }
  return args;
}
