/**
 * The open-set answer of a shipped instruments bundle under other rules, without retraining: each unknownness
 * score (1 − top probability, the energy score) with thresholds chosen on the studio validation windows of known
 * instruments (the share q of them turned away), then measured on the held-out studio files (everyday sounds
 * answered `other` or unknown; known instruments turned away) and on the shipped model's held-out real fold.
 *
 *   npx tsx scripts/models/instruments/openSetCheck.ts [--bundle DIR]
 */
import { OTHER_CLASS, VOICE_CLASS } from '../../../src/core/instruments/classes';
import { thresholdAtQuantile } from '../../../src/core/eval/calibration';
import { energyScore } from '../../../src/core/predict/openSet';
import { initNodeTf } from '../../../src/node/tf';
import { parseArgs } from './args';
import { prepareRows } from './prepare';
import { bundleDirOf, openInstrumentsBundle } from './shipped';
import { scoreRows } from './evaluate';
import { openSetFiles } from './experiment';
import { subset, type RowSet } from './rows';

async function main(): Promise<void> {
  const dir = bundleDirOf(process.argv.slice(2));
  const args = parseArgs([]);
  await initNodeTf();
  const { meta, model, normalize } = await openInstrumentsBundle(dir);
  const { classNames, real, folds, rows } = await prepareRows(args);
  if (meta.classNames.join() !== classNames.join())
    throw new Error('Expected the bundle to have the same classes');
  const recorded = (set: RowSet) => subset(set, (i) => set.kind[i] === 'recorded');
  const predict = (x: Float32Array) => model.predictLogits(x);
  const val = scoreRows(recorded(rows.val), predict, normalize);
  const test = scoreRows(recorded(rows.test), predict, normalize);
  const fold0 = new Set(real.filter((_, i) => folds[i] === 0).map((f) => f.name));
  const realHeldOut = scoreRows(
    subset(recorded(rows.real), (i) => fold0.has(rows.real.origin[i])),
    predict,
    normalize,
  );
  const k = classNames.length;
  const other = classNames.indexOf(OTHER_CLASS);
  const voice = classNames.indexOf(VOICE_CLASS);
  const scores = {
    maxProb: (_: Float32Array, p: Float32Array) => 1 - Math.max(...p),
    energy: (z: Float32Array) => energyScore(z, 1),
  };
  for (const [score, unknownness] of Object.entries(scores)) {
    const known: number[] = [];
    val.y.forEach((y, r) => {
      if (y === other) return;
      const z = val.logits.subarray(r * k, (r + 1) * k);
      const max = Math.max(...z);
      const e = Array.from(z, (v) => Math.exp(v - max));
      const sum = e.reduce((a, v) => a + v, 0);
      known.push(
        unknownness(
          z,
          Float32Array.from(e, (v) => v / sum),
        ),
      );
    });
    for (const q of [0, 0.05, 0.1, 0.15, 0.2, 0.3]) {
      const threshold = q === 0 ? Infinity : thresholdAtQuantile(known, 1 - q);
      const v = openSetFiles(val, k, other, 1, unknownness, threshold, voice);
      const t = openSetFiles(test, k, other, 1, unknownness, threshold, voice);
      const r = openSetFiles(realHeldOut, k, other, 1, unknownness, threshold, voice);
      console.log(
        `${score.padEnd(8)} q ${q.toFixed(2)} threshold ${threshold.toFixed(3)}: validation other ${v.other} known turned away ${v.knownRejected} | held-out studio other ${t.other} known turned away ${t.knownRejected} | held-out real turned away ${r.knownRejected}`,
      );
    }
  }
  model.dispose();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
