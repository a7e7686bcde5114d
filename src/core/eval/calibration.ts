/**
 * Probabilities that mean what they say, and an answer for sounds the model does not know.
 *
 * - Temperature scaling (Guo et al. 2017): one T > 0 dividing every logit, fitted on validation logits by
 *   minimising their negative log-likelihood. It never changes which class wins, only how sure the model is.
 * - Expected calibration error: the gap between confidence and accuracy, averaged over equal-width confidence
 *   bins weighted by their share of answers (15 bins, as Guo et al.).
 * - Open set: `thresholdAtQuantile` chooses the threshold of a max-probability rule on validation scores; the
 *   rule itself, as bundles carry it and Live and Classify apply it, is predict/openSet.ts.
 */

export const ECE_BINS = 15;

function checkShape(values: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  if (!(Number.isInteger(classes) && classes >= 2)) throw new Error(`Expected classes >= 2, got ${classes}`);
  if (values.length !== labels.length * classes)
    throw new Error(`Expected ${labels.length} × ${classes} values, got ${values.length}`);
  for (let r = 0; r < labels.length; r++) {
    if (!(Number.isInteger(labels[r]) && labels[r] >= 0 && labels[r] < classes))
      throw new Error(`Expected class indices within 0 … ${classes - 1}, got ${labels[r]} at row ${r}`);
  }
  return labels.length;
}

/** Softmax of each row of logits divided by `temperature` (rows × classes). */
export function softmaxWithTemperature(
  logits: ArrayLike<number>,
  classes: number,
  temperature = 1,
): Float32Array {
  if (!(temperature > 0 && Number.isFinite(temperature)))
    throw new Error(`Expected a temperature > 0, got ${temperature}`);
  const rows = logits.length / classes;
  const out = new Float32Array(logits.length);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[r * classes + c] / temperature);
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(logits[r * classes + c] / temperature - max);
      out[r * classes + c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) out[r * classes + c] /= sum;
  }
  return out;
}

/** Mean negative log-likelihood of the labels under softmax(logits / T). */
export function temperatureNll(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
  temperature: number,
): number {
  const rows = checkShape(logits, labels, classes);
  if (rows === 0) throw new Error('Expected at least one row to score, got none');
  let total = 0;
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[r * classes + c] / temperature);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[r * classes + c] / temperature - max);
    total += max + Math.log(sum) - logits[r * classes + labels[r]] / temperature;
  }
  return total / rows;
}

/**
 * The temperature minimising the validation NLL, by golden-section search on log T over [0.05, 20] (the NLL
 * of temperature scaling is unimodal in T). `weights` (optional, one per row) weigh rows, e.g. to count
 * every source of validation data equally.
 */
export function fitTemperature(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
  weights?: ArrayLike<number>,
): number {
  const rows = checkShape(logits, labels, classes);
  if (rows === 0) throw new Error('Expected validation rows to fit a temperature on, got none');
  if (weights && weights.length !== rows) throw new Error(`Expected ${rows} weights, got ${weights.length}`);
  const nll = (logT: number) => {
    const t = Math.exp(logT);
    let total = 0;
    let weight = 0;
    for (let r = 0; r < rows; r++) {
      const w = weights ? weights[r] : 1;
      if (w === 0) continue;
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, logits[r * classes + c] / t);
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(logits[r * classes + c] / t - max);
      total += w * (max + Math.log(sum) - logits[r * classes + labels[r]] / t);
      weight += w;
    }
    return total / weight;
  };
  return Math.exp(goldenSectionMinimum(nll, Math.log(0.05), Math.log(20)));
}

/**
 * The minimum of a unimodal `f` on [lo, hi] by golden-section search (60 steps at most, to a width of 1e-5):
 * the temperature fits search log T this way.
 */
export function goldenSectionMinimum(f: (x: number) => number, lo: number, hi: number): number {
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - phi * (b - a);
  let d = a + phi * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < 60 && b - a > 1e-5; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - phi * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + phi * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}

/** Expected calibration error of the top answers (rows × classes probabilities), over `bins` equal bins. */
export function expectedCalibrationError(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
  bins = ECE_BINS,
): number {
  const rows = checkShape(probs, labels, classes);
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`Expected bins >= 1, got ${bins}`);
  if (rows === 0) return 0;
  const count = new Float64Array(bins);
  const correct = new Float64Array(bins);
  const confidence = new Float64Array(bins);
  for (let r = 0; r < rows; r++) {
    let top = 0;
    for (let c = 1; c < classes; c++) if (probs[r * classes + c] > probs[r * classes + top]) top = c;
    const p = probs[r * classes + top];
    // Bins (i/bins, (i+1)/bins], as Guo et al.; a confidence of exactly 0 cannot happen with ≥ 2 classes.
    const bin = Math.min(bins - 1, Math.max(0, Math.ceil(p * bins) - 1));
    count[bin]++;
    confidence[bin] += p;
    if (top === labels[r]) correct[bin]++;
  }
  let ece = 0;
  for (let i = 0; i < bins; i++) {
    if (count[i] > 0) ece += (count[i] / rows) * Math.abs(correct[i] / count[i] - confidence[i] / count[i]);
  }
  return ece;
}

/**
 * The threshold under which a share `reject` of the given known-class scores would fall: the `reject`
 * quantile of the scores (e.g. 0.05 keeps 95 % of the validation windows of known instruments).
 */
export function thresholdAtQuantile(scores: ArrayLike<number>, reject: number): number {
  if (scores.length === 0) throw new Error('Expected scores to choose a threshold on, got none');
  if (!(reject >= 0 && reject < 1)) throw new Error(`Expected a rejected share within [0, 1), got ${reject}`);
  const sorted = Float64Array.from(scores).sort();
  return sorted[Math.floor(reject * sorted.length)];
}
