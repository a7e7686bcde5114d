/**
 * What "Instruments heard" says for each song of ../shared/data/songs with a shipped instruments bundle: the
 * song's 1-s windows (as the Classify page takes them) through the model, then the page's own rule
 * (core/predict/songPresence.ts). Prints one line a song: the classes listed, or the "not sure" sentence, and
 * the three most-heard classes with their share of windows ≥ the rule's probability and mean probability.
 *
 *   npx tsx scripts/models/instruments/songsHeard.ts [--bundle DIR]
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { audioFeatureSet, audioFeatureSetOfSpec } from '../../../src/core/features/audioSets';
import { columnPicker } from '../../../src/core/features/spec';
import { classifyWindows, type WindowModel } from '../../../src/core/instruments/predict';
import { songInstruments } from '../../../src/core/predict/songPresence';
import { decodeAudioFile } from '../../../src/node/decodeFile';
import { initNodeTf } from '../../../src/node/tf';
import { AUDIO_EXTENSIONS, SONGS } from './config';
import { bundleDirOf, openInstrumentsBundle } from './shipped';

async function main(): Promise<void> {
  await initNodeTf();
  const { meta, model } = await openInstrumentsBundle(bundleDirOf(process.argv.slice(2)));
  const set = audioFeatureSetOfSpec(meta.featureSpec)!;
  const computed = audioFeatureSet(set).spec.columns;
  const windowModel: WindowModel = {
    classNames: meta.classNames,
    normalization: meta.normalization ?? null,
    predictProbs: (x) => model.predictProbs(x),
    columns: columnPicker(meta.featureSpec.columns, computed, set),
  };
  const names = (await readdir(SONGS)).filter((f) => AUDIO_EXTENSIONS.test(f)).sort();
  for (const name of names) {
    const decoded = await decodeAudioFile(path.join(SONGS, name));
    const rows = audioFeatureSet(set).rows(decoded.samples);
    const windows = Array.from({ length: rows.count }, (_, i) => ({
      start: rows.starts[i],
      end: rows.starts[i] + 1,
      values: rows.values.subarray(i * computed.length, (i + 1) * computed.length),
    }));
    const results = classifyWindows(windowModel, windows);
    const said = songInstruments(
      meta.classNames,
      results.map((r) => r.probs),
    );
    const top = said.rows
      .slice(0, 3)
      .map((r) => `${r.name} ${r.share.toFixed(2)}/${r.meanProb.toFixed(2)}`)
      .join(', ');
    const heard = said.heard.length > 0 ? said.heard.map((r) => r.name).join(', ') : `(${said.notSure})`;
    console.log(`${name.slice(0, 44).padEnd(44)} heard: ${heard} | top (share/mean): ${top}`);
  }
  model.dispose();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
