/**
 * Recorded speech for the `other` class (issue 8: a voice is not an instrument). KTuberling, KDE's stamp toy,
 * ships words spoken by real people in about twenty languages (Debian's `ktuberling-data`, GPL-2+): one or a few
 * speakers a language, each in their own room and microphone, which eSpeak's formant voices (voice.ts) are not.
 * The clips are split by language, so the held-out speech is spoken by voices the model never heard. Only what
 * our decoders read is taken (not the Norwegian Opus files); the Serbian scripts are one set of recordings.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createRng } from '../../../src/core/random';
import { AUDIO_EXTENSIONS } from './config';

/** Where Debian's ktuberling-data keeps its spoken words, one folder per language. */
export const RECORDED_SPEECH = '/usr/share/ktuberling/sounds';

/** A clip's language, which is also its speakers: the group the split keeps together. */
export function speechLanguage(name: string): string {
  return name.split('/')[0].replace(/@.*$/, '');
}

/**
 * `count` clips (`<language folder>/<file>`), as evenly over the languages as they allow, the same for a seed
 * on every machine. Of the Serbian script variants only the first is read (they are the same recordings).
 */
export function pickSpeech(
  byFolder: ReadonlyMap<string, readonly string[]>,
  count: number,
  seed: number,
): string[] {
  const rng = createRng(seed);
  const languages = new Map<string, string[]>();
  for (const folder of [...byFolder.keys()].sort()) {
    const language = speechLanguage(folder);
    if (languages.has(language)) continue;
    const files = byFolder
      .get(folder)!
      .filter((f) => AUDIO_EXTENSIONS.test(f))
      .sort()
      .map((f) => `${folder}/${f}`);
    rng.shuffle(files);
    if (files.length > 0) languages.set(language, files);
  }
  const picked: string[] = [];
  const queues = [...languages.values()];
  for (let round = 0; picked.length < count && queues.some((q) => q.length > round); round++) {
    for (const q of queues) if (round < q.length && picked.length < count) picked.push(q[round]);
  }
  return picked.sort();
}

/** The spoken words this machine holds, by language folder (a build that asks for them needs the package). */
export async function speechFolders(): Promise<Map<string, string[]>> {
  let folders: string[];
  try {
    folders = (await readdir(RECORDED_SPEECH, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    throw new Error(
      `The instruments build's --speech reads KTuberling's spoken words from ${RECORDED_SPEECH}, which this machine lacks: apt-get install ktuberling-data`,
    );
  }
  const out = new Map<string, string[]>();
  for (const folder of folders) out.set(folder, await readdir(path.join(RECORDED_SPEECH, folder)));
  return out;
}
