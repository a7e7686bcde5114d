/**
 * Speech for the `other` class (issue 8: a voice is not an instrument). ../shared/data holds no speech, so the
 * build synthesises it with eSpeak NG (Debian's `espeak-ng`): sentences in six languages, spoken by its male,
 * female, croaky, whispering and Klatt voices at random speeds and pitches. Formant synthesis is not a person
 * in a room, but it has what tells speech from playing (syllables a few times a second, formants that move,
 * voiced and unvoiced sounds in turn), and it makes no recording's licence a question. The clips are split by
 * file with the studio notes, so some are held out; the build also scores real speech when this machine has
 * some (alsa-utils' channel announcements), and never trains on it.
 */
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { createRng } from '../../../src/core/random';
import { cachedFolder } from './cachedFolder';

const run = promisify(execFile);

/** Real speech this machine may hold (alsa-utils' speaker-test announcements): scored, never trained on. */
export const REAL_SPEECH = '/usr/share/sounds/alsa';

const SENTENCES: Record<string, readonly string[]> = {
  'en-us': [
    'Could you tell me the way to the station, please?',
    'We left early in the morning and walked along the river for hours.',
    'The meeting has been moved to Thursday afternoon at three.',
    'I think the neighbours are painting their kitchen yellow again.',
  ],
  'en-gb': [
    'Good evening, and welcome to the news at nine.',
    'Please mind the gap between the train and the platform.',
    'She bought two loaves of bread and a pint of milk.',
  ],
  es: [
    'Buenos días, ¿a qué hora abre la biblioteca?',
    'Mañana vamos a visitar a mis abuelos en el pueblo.',
    'El tren llega con diez minutos de retraso.',
  ],
  fr: [
    'Bonjour, je voudrais réserver une table pour deux personnes.',
    'Il fait beau aujourd’hui, allons nous promener au parc.',
    'Le musée est fermé le lundi et le mardi matin.',
  ],
  de: [
    'Guten Tag, können Sie mir bitte helfen?',
    'Wir treffen uns morgen um acht Uhr vor dem Bahnhof.',
    'Das Wetter soll am Wochenende besser werden.',
  ],
  it: [
    'Scusi, dov’è la fermata dell’autobus più vicina?',
    'Stasera cuciniamo la pasta con i pomodori dell’orto.',
  ],
  pt: ['Bom dia, quanto custa este bilhete?', 'A festa vai começar depois do jantar.'],
};
const VARIANTS = [
  'm1',
  'm2',
  'm3',
  'm4',
  'm5',
  'm6',
  'm7',
  'f1',
  'f2',
  'f3',
  'f4',
  'f5',
  'croak',
  'whisper',
  'klatt',
  'klatt2',
  'klatt3',
];

interface Utterance {
  voice: string;
  /** Words a minute. */
  speed: number;
  /** eSpeak's pitch, 0–99. */
  pitch: number;
  text: string;
}

/** The clips' utterances, the same for a seed on every machine. */
export function utterances(count: number, seed: number): Utterance[] {
  const rng = createRng(seed);
  const languages = Object.keys(SENTENCES);
  return Array.from({ length: count }, (_, i) => {
    const language = languages[i % languages.length];
    const sentences = SENTENCES[language];
    return {
      voice: `${language}+${VARIANTS[rng.int(VARIANTS.length)]}`,
      speed: 110 + rng.int(90),
      pitch: 20 + rng.int(70),
      text: sentences[rng.int(sentences.length)],
    };
  });
}

async function espeakVersion(): Promise<string> {
  try {
    const { stdout } = await run('espeak-ng', ['--version']);
    return stdout.trim();
  } catch {
    throw new Error(
      'The instruments build synthesises speech for its `other` class with eSpeak NG, which this machine lacks: apt-get install espeak-ng',
    );
  }
}

/**
 * The folder of the synthesised speech clips (`000.wav` …, 22,050 Hz mono), made once per eSpeak version, count
 * and seed and kept in the build's cache.
 */
export async function voiceFolder(count: number, seed: number): Promise<string> {
  const version = await espeakVersion();
  const said = utterances(count, seed);
  return cachedFolder('voice', { version, said }, async (folder) => {
    for (const [i, u] of said.entries()) {
      const file = path.join(folder, `${String(i).padStart(3, '0')}.wav`);
      await run('espeak-ng', [
        '-v',
        u.voice,
        '-s',
        String(u.speed),
        '-p',
        String(u.pitch),
        '-w',
        file,
        u.text,
      ]);
    }
  });
}

/** The real speech files this machine holds (none is fine: the report says so). */
export async function realSpeechFiles(): Promise<string[]> {
  try {
    return (await readdir(REAL_SPEECH))
      .filter((f) => /\.wav$/i.test(f) && !/^noise/i.test(f))
      .sort()
      .map((f) => path.join(REAL_SPEECH, f));
  } catch {
    return [];
  }
}
