/**
 * Live's headline on real sounds the model never trained on, played as a person would into the microphone
 * (`replayLive`: the page's own windows, model, open-set rule, smoothing and headline at its default settings):
 * - speech: alsa-utils' eight announcements and every word of KTuberling's held-out languages (report.json's
 *   `heldOutLanguages`), one after another: 0.2 s apart (on top of each file's own silence), as someone reading
 *   a list out, and 1 s apart, as single words;
 * - playing: GCompris's recordings of our classes (gcompris.ts), each after 1 s of silence.
 * Each prediction while the recording sounds (from its first sample to 0.3 s after its last) is counted by
 * what the headline said: the right instrument, another instrument, not an instrument (voice, other sound,
 * not one I know), or Silence (sound shown as silence).
 *
 *   npx tsx scripts/models/instruments/liveCheck.ts [--bundle DIR] [--write]   (--write: into its report.json)
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { replayLive, openReplayModel, type Heard, type Recording } from '../../../src/cli/live';
import { isEntry } from '../../../src/cli/io';
import { classKind } from '../../../src/core/instruments/classes';
import { DEFAULT_HEADLINE_SETTINGS } from '../../../src/core/predict/headline';
import { decodeAudioFile } from '../../../src/node/decodeFile';
import { AUDIO_EXTENSIONS, log, round } from './config';
import { GCOMPRIS_CLASSES, gcomprisRecordings } from './gcompris';
import { bundleDirOf, writeIntoReport } from './shipped';
import { RECORDED_SPEECH } from './speech';
import { realSpeechFiles } from './voice';

/** Seconds after a recording's last sample that still count as its sound (the window still holds it). */
const TAIL = 0.3;

export interface HeadlineShares {
  recordings: number;
  predictions: number;
  /** Shares of the predictions while the recordings sound. */
  right?: number;
  otherInstrument: number;
  notInstrument: number;
  silence: number;
  /** Recordings during which an instrument (a wrong one, for playing) was ever headlined. */
  namedWrongly: number;
}

/** What the headline said over each recording while it sounded; `expected` null: no instrument is right. */
export function headlineShares(
  replays: ReadonlyArray<{ seconds: number; heard: readonly Heard[] }>,
  expected: ReadonlyArray<string | null>,
): HeadlineShares {
  const counts = { right: 0, otherInstrument: 0, notInstrument: 0, silence: 0 };
  let predictions = 0;
  let namedWrongly = 0;
  replays.forEach(({ seconds, heard }, i) => {
    let wrong = false;
    for (const { at, headline } of heard) {
      if (at < 0 || at > seconds + TAIL || headline === 'waiting') continue;
      predictions++;
      if (headline === 'silence') counts.silence++;
      else if (headline === expected[i]) counts.right++;
      else if (classKind(headline) === 'instrument' && headline !== 'not an instrument I know') {
        counts.otherInstrument++;
        wrong = true;
      } else counts.notInstrument++;
    }
    if (wrong) namedWrongly++;
  });
  const share = (n: number) => round(n / Math.max(1, predictions));
  const scored = expected.some((e) => e !== null);
  return {
    recordings: replays.length,
    predictions,
    ...(scored ? { right: share(counts.right) } : {}),
    otherInstrument: share(counts.otherInstrument),
    notInstrument: share(counts.notInstrument),
    silence: share(counts.silence),
    namedWrongly,
  };
}

async function decodeAll(files: readonly string[]): Promise<Recording[]> {
  const out: Recording[] = [];
  for (const file of files) out.push({ file, samples: (await decodeAudioFile(file)).samples });
  return out;
}

/** The languages a bundle's report says its model never trained on. */
async function reportedHeldOutLanguages(bundleDir: string): Promise<string[]> {
  const report = JSON.parse(await readFile(path.join(bundleDir, 'report.json'), 'utf8')) as {
    openSet?: { voice?: { recordedHeldOut?: { heldOutLanguages?: string[] } } };
  };
  return report.openSet?.voice?.recordedHeldOut?.heldOutLanguages ?? [];
}

/** Every word KTuberling holds in these languages. */
async function wordsOf(languages: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const language of languages) {
    const folder = path.join(RECORDED_SPEECH, language);
    const names = await readdir(folder).catch(() => [] as string[]);
    files.push(...names.filter((n) => AUDIO_EXTENSIONS.test(n)).map((n) => path.join(folder, n)));
  }
  return files.sort();
}

export async function liveCheck(bundleDir: string, heldOutLanguages: readonly string[]) {
  const model = await openReplayModel(bundleDir);
  try {
    const settings = DEFAULT_HEADLINE_SETTINGS;
    const speechFiles = [...(await realSpeechFiles()), ...(await wordsOf(heldOutLanguages))];
    const words = await decodeAll(speechFiles);
    const speechAt = (gap: number) =>
      speechFiles.length > 0
        ? headlineShares(
            replayLive(model, words, gap, settings),
            words.map(() => null),
          )
        : 'no speech here';
    const playingFiles = (await gcomprisRecordings()).filter(
      (f) => GCOMPRIS_CLASSES[path.basename(f, '.ogg')] != null,
    );
    const playing = replayLive(model, await decodeAll(playingFiles), 1, settings);
    return {
      settings,
      speechListed: speechAt(0.2),
      speechSingleWords: speechAt(1),
      playing:
        playingFiles.length > 0
          ? headlineShares(
              playing,
              playing.map((r) => GCOMPRIS_CLASSES[path.basename(r.file, '.ogg')] ?? null),
            )
          : 'no GCompris recordings here',
    };
  } finally {
    model.dispose();
  }
}

async function main(): Promise<void> {
  const dir = bundleDirOf(process.argv.slice(2));
  const check = await liveCheck(dir, await reportedHeldOutLanguages(dir));
  log(JSON.stringify(check, null, 2));
  if (process.argv.includes('--write'))
    log(`written into ${await writeIntoReport(dir, 'liveHeadline', check)}`);
}

if (isEntry(import.meta.url))
  main().catch((e: unknown) => {
    log(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  });
