/**
 * "Not an instrument I know": an open-set rule on one window's model output. A bundle switches it on with
 * `meta.metrics.openSet` (or a top-level `meta.openSet`, should the meta format gain one), versioned:
 *
 *   { "version": 1, "score": "energy", "temperature": 1, "threshold": -4.2 }  unknown when −T·logsumexp(logits / T) > threshold
 *   { "version": 1, "score": "max-prob", "threshold": 0.27 }                  unknown when the top probability < threshold
 *
 * The shipped instruments model carries a max-prob rule chosen on validation windows (its build). Without one,
 * Live falls back to the top probability against its own threshold slider.
 */

export const OPEN_SET_VERSION = 1;

/** The rule as a bundle stores it. */
export type StoredOpenSetRule =
  | { version: typeof OPEN_SET_VERSION; score: 'energy'; temperature: number; threshold: number }
  | { version: typeof OPEN_SET_VERSION; score: 'max-prob'; threshold: number };

/** The max-probability rule as stored: what a build that chose a threshold on validation writes. */
export type StoredMaxProbRule = Extract<StoredOpenSetRule, { score: 'max-prob' }>;

export type OpenSetRule =
  | { score: 'energy'; temperature: number; threshold: number; source: 'meta' }
  | { score: 'max-prob'; threshold: number; source: 'meta' | 'fallback' };

export interface OpenSetReading {
  rule: OpenSetRule;
  /** Why a field in meta was not used, when there was one and it was malformed. */
  problem: string | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** Validates an open-set field; throws naming the bad value. */
export function parseOpenSetRule(value: unknown): OpenSetRule {
  if (!isRecord(value)) throw new Error(`Expected openSet to be an object, got ${describe(value)}`);
  const { version, score, threshold, temperature } = value;
  if (version !== OPEN_SET_VERSION) {
    throw new Error(`Expected openSet.version to be ${OPEN_SET_VERSION}, got ${describe(version)}`);
  }
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
    throw new Error(`Expected openSet.threshold to be a finite number, got ${describe(threshold)}`);
  }
  if (score === 'energy') {
    const t = temperature ?? 1;
    if (typeof t !== 'number' || !(t > 0 && t <= 1000)) {
      throw new Error(`Expected openSet.temperature to be in (0, 1000], got ${describe(temperature)}`);
    }
    return { score: 'energy', temperature: t, threshold, source: 'meta' };
  }
  if (score === 'max-prob') {
    if (!(threshold > 0 && threshold < 1)) {
      throw new Error(`Expected openSet.threshold for max-prob to be in (0, 1), got ${threshold}`);
    }
    return { score: 'max-prob', threshold, source: 'meta' };
  }
  throw new Error(`Expected openSet.score to be "energy" or "max-prob", got ${describe(score)}`);
}

/**
 * The rule a bundle asks for (meta.openSet, else meta.metrics.openSet), or the max-probability fallback at
 * `fallbackThreshold`. A malformed field is reported, not fatal: the model still works without it.
 */
export function openSetRuleOf(meta: unknown, fallbackThreshold: number): OpenSetReading {
  const fallback: OpenSetRule = { score: 'max-prob', threshold: fallbackThreshold, source: 'fallback' };
  const m = isRecord(meta) ? meta : {};
  const field = m.openSet ?? (isRecord(m.metrics) ? m.metrics.openSet : undefined);
  if (field === undefined) return { rule: fallback, problem: null };
  try {
    return { rule: parseOpenSetRule(field), problem: null };
  } catch (error) {
    return { rule: fallback, problem: `The model's open-set rule is not used: ${(error as Error).message}` };
  }
}

/** −T·logsumexp(logits / T): low for inputs like the training data, high for the unfamiliar. */
export function energyScore(logits: ArrayLike<number>, temperature = 1): number {
  if (logits.length === 0) throw new Error('Expected at least one logit');
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] / temperature);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] / temperature - max);
  return -temperature * (max + Math.log(sum));
}

/**
 * Whether one window is "not an instrument I know" under `rule`. `probs` are the probabilities shown (after
 * any taught head); `logits` the base model's, or null when it has none (then an energy rule cannot be
 * scored and the window is judged by `fallbackThreshold` on `probs`).
 */
export function isUnknown(
  rule: OpenSetRule,
  probs: ArrayLike<number>,
  logits: ArrayLike<number> | null,
  fallbackThreshold: number,
): boolean {
  let top = 0;
  for (let i = 0; i < probs.length; i++) top = Math.max(top, probs[i]);
  if (rule.score === 'energy') {
    if (!logits) return top < fallbackThreshold;
    return energyScore(logits, rule.temperature) > rule.threshold;
  }
  return top < rule.threshold;
}

/** The rule in a few words, for the page: what makes Live say "not an instrument I know". */
export function describeOpenSetRule(rule: OpenSetRule | null): string {
  if (!rule || rule.source === 'fallback') return 'top probability below the threshold';
  if (rule.score === 'energy') {
    return `energy score above ${rule.threshold} (T = ${rule.temperature}), from the model`;
  }
  return `top probability below ${rule.threshold}, from the model`;
}
