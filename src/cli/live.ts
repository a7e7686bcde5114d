/**
 * `npm run -s live -- [--model DIR] [--gap S] [--threshold P] [--smoothing S] [--json] FILE...`: what Live's
 * headline would say if the recordings were played into the microphone one after another, each after `--gap`
 * seconds of silence. The same steps as the page: the analyser's 1-s window every ~93 ms, the model on full
 * sounding windows, the open-set rule, the smoothing and the headline (core/live, core/predict/headline.ts), at the
 * page's default settings unless given. Nothing is taught.
 */
import { readBundleDir } from '../node/bundleFiles';
import { decodeAudioFile } from '../node/decodeFile';
import { initNodeTf } from '../node/tf';
import { ANALYSIS_SAMPLE_RATE } from '../core/audio/signal';
import { createLiveAnalyzer } from '../core/live/liveAnalysis';
import { openLiveModel, type LiveModel } from '../core/live/liveModel';
import { livePrediction, livePredictorFor } from '../core/live/livePrediction';
import {
  DEFAULT_HEADLINE_SETTINGS,
  HeadlineTracker,
  type HeadlineSettings,
  type HeadlineState,
} from '../core/predict/headline';
import { flagValue, numberFlag, parseArgs, runCli, UsageError } from './args';
import { isEntry, processIo, type CliIo } from './io';

export const LIVE_USAGE = `usage: npm run -s live -- [--model DIR] [--gap S] [--threshold P] [--smoothing S] [--json] FILE...
  --model DIR      an instruments bundle (default public/models/instruments)
  --gap S          seconds of silence before each recording (default 1; after the last too)
  --threshold P    Live's threshold slider (default ${DEFAULT_HEADLINE_SETTINGS.threshold})
  --smoothing S    Live's smoothing slider (default ${DEFAULT_HEADLINE_SETTINGS.smoothing})
  --json           one JSON object per file: {"file", "seconds", "segments": [{"from", "to", "headline"}],
                   "counts": {headline: predictions}}
  FILE             audio (WAV, MP3, Ogg Vorbis, FLAC), played in the order given`;

/** What the headline shows, in the page's words for answers that are not a class. */
export function headlineWords(state: HeadlineState, classNames: readonly string[]): string {
  switch (state.kind) {
    case 'waiting':
      return 'waiting';
    case 'silence':
      return 'silence';
    case 'unknown':
      return 'not an instrument I know';
    default:
      return classNames[state.index] ?? 'not an instrument I know';
  }
}

export interface LiveSegment {
  /** Seconds from the recording's first sample (negative in the silence before it). */
  from: number;
  to: number;
  headline: string;
}

/** One prediction's headline, at the end of its window. */
export interface Heard {
  at: number;
  headline: string;
}

export interface LiveReplay {
  file: string;
  seconds: number;
  /** The headline from the silence before the recording to the silence after it (or the next one's). */
  segments: LiveSegment[];
  /** Predictions per headline over the same span. */
  counts: Record<string, number>;
}

/** Samples handed to the analyser at a time, as an audio callback would (the windows do not depend on it). */
const BLOCK = 2048;

export interface Recording {
  file: string;
  /** 22,050 Hz mono, as decodeAudioFile gives them. */
  samples: Float32Array;
}

/**
 * Plays `recordings` into Live one after another, each after `gap` seconds of silence (and the same after the
 * last): one replay per recording, with every prediction's headline (`heard`, seconds from its first sample).
 */
export function replayLive(
  model: LiveModel,
  recordings: readonly Recording[],
  gap: number,
  settings: HeadlineSettings,
): Array<LiveReplay & { heard: Heard[] }> {
  const predictor = livePredictorFor(model);
  const { classNames } = model.info;
  const tracker = new HeadlineTracker(classNames);
  const analyzer = createLiveAnalyzer(ANALYSIS_SAMPLE_RATE);
  const silence = new Float32Array(Math.round(gap * ANALYSIS_SAMPLE_RATE));
  let streamed = 0;
  // Feeds samples and returns each prediction's stream time and headline.
  const play = (samples: Float32Array): Heard[] => {
    const heard: Heard[] = [];
    for (let i = 0; i < samples.length; i += BLOCK) {
      const block = samples.subarray(i, Math.min(samples.length, i + BLOCK));
      streamed += block.length;
      for (const window of analyzer.push(block, (streamed / ANALYSIS_SAMPLE_RATE) * 1000)) {
        const prediction = livePrediction(window, model, predictor);
        const state = tracker.step(prediction, settings);
        heard.push({ at: prediction.audioSeconds, headline: headlineWords(state, classNames) });
      }
    }
    return heard;
  };
  let heard = play(silence);
  return recordings.map(({ file, samples }) => {
    const start = streamed / ANALYSIS_SAMPLE_RATE;
    const seconds = samples.length / ANALYSIS_SAMPLE_RATE;
    heard = heard.concat(play(samples), play(silence));
    const replay = replayOf(file, seconds, start, heard);
    // The silence after this recording is also the one before the next.
    heard = heard.filter((h) => h.at > start + seconds);
    return replay;
  });
}

export async function liveCommand(argv: string[], io: CliIo): Promise<LiveReplay[]> {
  const args = parseArgs(argv, ['model', 'gap', 'threshold', 'smoothing'], ['json']);
  if (args.positional.length === 0) throw new UsageError('No input files');
  const gap = numberFlag(args, 'gap', 1, (n) => n >= 0 && n <= 60);
  const threshold = numberFlag(args, 'threshold', DEFAULT_HEADLINE_SETTINGS.threshold, (n) => n > 0 && n < 1);
  const smoothing = numberFlag(
    args,
    'smoothing',
    DEFAULT_HEADLINE_SETTINGS.smoothing,
    (n) => n >= 0 && n <= 0.95,
  );
  const dir = flagValue(args, 'model') ?? 'public/models/instruments';
  // Every file is read before any is played: one that cannot be is named, and nothing is replayed.
  const recordings = await Promise.all(
    args.positional.map((file) =>
      decodeAudioFile(file).then(
        ({ samples }) => ({ file, samples }),
        (error: unknown) => {
          throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
        },
      ),
    ),
  );
  const model = await openReplayModel(dir);
  try {
    const replays = replayLive(model, recordings, gap, { threshold, smoothing }).map(
      ({ heard: _, ...replay }) => replay,
    );
    for (const replay of replays) {
      if (args.booleans.has('json')) io.out(JSON.stringify(replay));
      else {
        const counts = Object.entries(replay.counts)
          .sort((a, b) => b[1] - a[1])
          .map(([h, n]) => `${h} ${n}`)
          .join(', ');
        io.out(`${replay.file} (${replay.seconds.toFixed(1)} s): ${counts}`);
        for (const s of replay.segments)
          io.out(`  ${s.from.toFixed(2).padStart(7)} … ${s.to.toFixed(2).padStart(6)} s  ${s.headline}`);
      }
    }
    return replays;
  } finally {
    model.dispose();
  }
}

/** An instruments bundle opened for Live, on TF.js's WASM backend. */
export async function openReplayModel(dir: string): Promise<LiveModel> {
  const backend = await initNodeTf({ backend: 'wasm' });
  return openLiveModel(await readBundleDir(dir), { backend, reason: 'the CLI runs on wasm' });
}

/** A recording's headline as segments of one answer each, times from its first sample. */
function replayOf(
  file: string,
  seconds: number,
  start: number,
  heard: readonly Heard[],
): LiveReplay & { heard: Heard[] } {
  const relative = heard.map((h) => ({ at: Math.round((h.at - start) * 1000) / 1000, headline: h.headline }));
  const segments: LiveSegment[] = [];
  const counts: Record<string, number> = {};
  for (const { at, headline } of relative) {
    counts[headline] = (counts[headline] ?? 0) + 1;
    const last = segments[segments.length - 1];
    if (last && last.headline === headline) last.to = at;
    else segments.push({ from: at, to: at, headline });
  }
  return { file, seconds, segments, counts, heard: relative };
}

if (isEntry(import.meta.url)) {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) processIo.out(LIVE_USAGE);
  else runCli(async () => void (await liveCommand(argv, processIo)), LIVE_USAGE);
}
