/**
 * "Teach it your instrument": a few-shot head on a base model's embedding (the input of its logits layer).
 *
 * Each taught class keeps the embeddings of the windows it was taught on (centred on the embedding of the
 * base model's average input, unit length). A window's score for a class is the mean cosine similarity to
 * its NEIGHBOURS nearest taught windows (k-NN in embedding space). Each class also keeps an `entry` score,
 * learnt from its own examples (a low quantile of their scores against the class's other windows), above
 * which a window counts as that class. How far a window clears the entry score gates the blend:
 *
 *   p = (1 − g) · p_base + g · p_taught,   g = max over taught classes of clamp((s − entry) / m, 0, 1)
 *
 * so a sound far from everything taught keeps the base model's answer untouched, and a sound like the one
 * taught gets the taught class, whatever the base model thought. Plain data in and out: runs in the worker
 * and in Vitest.
 */
import {
  MAX_CLASS_NAME_LENGTH,
  MAX_EXAMPLES_PER_CLASS,
  type TaughtClass,
  type TaughtHead,
} from './taughtHead';

/** Less sounding audio than this cannot describe an instrument. */
export const MIN_TEACH_SECONDS = 2;
const CLASS_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._'()-]*$/u;
/** Taught windows a window is compared with: its nearest few, so one odd window does not decide. */
const NEIGHBOURS = 3;
/** Windows closer than this (in windows) share most of their audio, so they do not vouch for each other. */
const OVERLAP_WINDOWS = 5;
/** The share of a class's own windows that score below its entry score. */
const ENTRY_QUANTILE = 0.1;
/** Entry scores are kept in this range: never so low that anything passes, never unreachable. */
const ENTRY_RANGE: [number, number] = [0.35, 0.9];
/** How far above the entry score the blend is wholly the taught head's, in cosine similarity. */
const GATE_MARGIN = 0.03;
/** Sharpness of the choice between taught classes (softmax temperature on similarities). */
const TAUGHT_TEMPERATURE = 0.05;

/** The embedding centred on `centre` (the base model's embedding of its average input) and scaled to length 1. */
export function prepareEmbedding(
  embedding: ArrayLike<number>,
  centre: ArrayLike<number> | null,
): Float32Array {
  if (centre && centre.length !== embedding.length) {
    throw new Error(`Expected an embedding of ${centre.length} values, got ${embedding.length}`);
  }
  const out = new Float32Array(embedding.length);
  let norm = 0;
  for (let i = 0; i < out.length; i++) {
    const v = embedding[i] - (centre ? centre[i] : 0);
    if (!Number.isFinite(v)) throw new Error(`Expected a finite embedding, got ${embedding[i]} at ${i}`);
    out[i] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Mean similarity of `query` to its NEIGHBOURS most similar examples (all of them when fewer). */
function neighbourScore(
  query: ArrayLike<number>,
  examples: readonly ArrayLike<number>[],
  skip?: number,
): number {
  const best: number[] = [];
  for (let j = 0; j < examples.length; j++) {
    if (skip !== undefined && Math.abs(j - skip) <= OVERLAP_WINDOWS) continue;
    const s = dot(query, examples[j]);
    if (best.length < NEIGHBOURS) best.push(s);
    else {
      let low = 0;
      for (let b = 1; b < best.length; b++) if (best[b] < best[low]) low = b;
      if (s > best[low]) best[low] = s;
    }
  }
  return best.length === 0 ? -1 : best.reduce((a, b) => a + b, 0) / best.length;
}

/** A window's score for a taught class (cosine similarity, −1 … 1). */
export function classScore(
  query: ArrayLike<number>,
  taught: { examples: readonly ArrayLike<number>[] },
): number {
  return neighbourScore(query, taught.examples);
}

/** Every `step`-th of `items`, evenly spread, at most `max` of them. */
function spread<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)]);
}

/**
 * Checks a class name the user typed: not empty, short, plain, and not a clash. `existing` names the classes
 * already known (the base model's and the taught ones); teaching more of one of those is done by choosing it,
 * not by typing a name that differs only in case or spacing.
 */
export function checkNewClassName(name: string, existing: readonly string[]): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed === '') throw new Error('Give the new class a name');
  if (trimmed.length > MAX_CLASS_NAME_LENGTH) {
    throw new Error(
      `Expected a class name of at most ${MAX_CLASS_NAME_LENGTH} characters, got ${trimmed.length}`,
    );
  }
  if (!CLASS_NAME.test(trimmed)) {
    throw new Error(`Expected a class name of letters, digits, spaces and . _ ' ( ) -, got "${trimmed}"`);
  }
  const fold = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
  const clash = existing.find((c) => fold(c) === fold(trimmed));
  if (clash !== undefined) {
    throw new Error(`"${trimmed}" is already a class ("${clash}"): choose it in the list to teach it more`);
  }
  return trimmed;
}

/**
 * A taught class from the embeddings of the sounding windows heard while teaching (already prepared with
 * `prepareEmbedding`, in order), `hopSeconds` apart. Throws with a message for the user when there is too
 * little sound.
 */
export function teachClass(
  name: string,
  windows: readonly Float32Array[],
  hopSeconds: number,
  taughtAt: string,
): TaughtClass {
  if (!(hopSeconds > 0)) throw new Error(`Expected hopSeconds > 0, got ${hopSeconds}`);
  const seconds = windows.length * hopSeconds;
  if (windows.length === 0) {
    throw new Error(
      'Nothing was heard while teaching (only silence): play the instrument near the microphone',
    );
  }
  if (seconds < MIN_TEACH_SECONDS) {
    throw new Error(
      `Only ${seconds.toFixed(1)} s of sound was heard: play for at least ${MIN_TEACH_SECONDS} s (5–10 s is best)`,
    );
  }
  const examples = spread(windows, MAX_EXAMPLES_PER_CLASS);
  // How each taught window scores against the class's other windows, leaving out those it overlaps.
  const own = examples.map((e, i) => neighbourScore(e, examples, i)).filter((s) => s > -1);
  own.sort((a, b) => a - b);
  const quantile = own.length > 0 ? own[Math.floor(ENTRY_QUANTILE * (own.length - 1))] : ENTRY_RANGE[1];
  const entry = Math.min(ENTRY_RANGE[1], Math.max(ENTRY_RANGE[0], quantile));
  return {
    name,
    examples: examples.map((e) => Array.from(e, (v) => Math.round(v * 1e5) / 1e5)),
    seconds: Math.round(seconds * 100) / 100,
    entry: Math.round(entry * 1e4) / 1e4,
    taughtAt,
  };
}

export interface FewShotBlend {
  /** Probabilities over `classNames` (the base classes, then the new taught ones). */
  probs: Float32Array;
  /** How much the taught head decided (0: the base model alone, 1: the taught head alone). */
  weight: number;
  /** Index (in `classNames`) of the best taught class, −1 when nothing is taught. */
  taughtIndex: number;
}

export interface FewShotBlender {
  /** The base model's classes, then each taught class that is not one of them. */
  classNames: string[];
  /** Blends one window's base probabilities with the taught head's answer for its prepared embedding. */
  blend(baseProbs: ArrayLike<number>, embedding: ArrayLike<number>): FewShotBlend;
}

export function createFewShotBlender(
  head: TaughtHead | null,
  baseClassNames: readonly string[],
): FewShotBlender {
  const classNames = [...baseClassNames];
  const taught = (head?.classes ?? []).map((c) => {
    let index = classNames.indexOf(c.name);
    if (index < 0) index = classNames.push(c.name) - 1;
    return { ...c, index, examples: c.examples.map((e) => Float32Array.from(e)) };
  });
  const k = classNames.length;
  return {
    classNames,
    blend(baseProbs, embedding) {
      if (baseProbs.length !== baseClassNames.length) {
        throw new Error(`Expected ${baseClassNames.length} base probabilities, got ${baseProbs.length}`);
      }
      const probs = new Float32Array(k);
      for (let c = 0; c < baseProbs.length; c++) probs[c] = baseProbs[c];
      if (taught.length === 0) return { probs, weight: 0, taughtIndex: -1 };
      if (head && embedding.length !== head.embeddingSize) {
        throw new Error(`Expected an embedding of ${head.embeddingSize} values, got ${embedding.length}`);
      }
      const scores = taught.map((t) => classScore(embedding, t));
      const gates = taught.map((t, i) => Math.min(1, Math.max(0, (scores[i] - t.entry) / GATE_MARGIN)));
      let best = 0;
      for (let i = 1; i < taught.length; i++)
        if (gates[i] > gates[best] || (gates[i] === gates[best] && scores[i] > scores[best])) best = i;
      const weight = gates[best];
      if (weight > 0) {
        // The taught classes share the weight by similarity, each only as far as its own gate is open.
        const top = Math.max(...scores);
        const shares = taught.map((_, i) => gates[i] * Math.exp((scores[i] - top) / TAUGHT_TEMPERATURE));
        const total = shares.reduce((a, b) => a + b, 0);
        for (let c = 0; c < k; c++) probs[c] *= 1 - weight;
        taught.forEach((t, i) => (probs[t.index] += (weight * shares[i]) / total));
      }
      return { probs, weight, taughtIndex: taught[best].index };
    },
  };
}
