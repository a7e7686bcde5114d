/**
 * What Live decides for one window, from the base model's output: the few-shot head's blend (when classes
 * were taught), the open-set verdict, and, while the user is teaching, the windows collected for the new
 * class. Plain data in and out: the worker feeds it, Vitest tests it.
 */
import type { BaseModelKey } from './baseModelKey';
import { createFewShotBlender, teachClass, type FewShotBlender } from './fewShot';
import { isUnknown, type OpenSetRule } from './openSet';
import { headMismatch, type TaughtClass, type TaughtHead } from './taughtHead';

/** Teaching stops collecting after this much sound: 5–10 s is what the user is asked for. */
export const MAX_TEACH_SECONDS = 10;

export interface BaseOutput {
  /** The base model's class probabilities. */
  probs: Float32Array;
  /** Its logits (null for models without them): for an energy open-set rule. */
  logits: Float32Array | null;
  /** Its embedding, prepared (centred, unit length) as the few-shot head expects. */
  embedding: Float32Array;
  /** The input lies outside the training data by the bundle's novelty rule (a pure tone); absent: no rule. */
  novel?: boolean;
}

export interface LiveDecision {
  /** Probabilities over `classNames` (the base classes, then new taught ones). */
  probs: Float32Array;
  /** The open-set verdict from the bundle's rule; null when the bundle has none (low confidence decides). */
  unknown: boolean | null;
  /** How much the taught head decided this window (0 … 1). */
  taughtWeight: number;
}

export class LivePredictor {
  private blender: FewShotBlender;
  private teaching: Float32Array[] | null = null;

  constructor(
    readonly baseClassNames: readonly string[],
    readonly base: BaseModelKey,
    readonly embeddingSize: number,
    readonly rule: OpenSetRule,
    /** Seconds between windows (a window every 4 hops). */
    readonly hopSeconds: number,
  ) {
    this.blender = createFewShotBlender(null, baseClassNames);
  }

  get classNames(): string[] {
    return this.blender.classNames;
  }

  /** Applies a taught head (null: none); throws with the user's message when it belongs to another model. */
  setHead(head: TaughtHead | null): void {
    if (head) {
      const mismatch = headMismatch(head, this.base, this.embeddingSize);
      if (mismatch) throw new Error(mismatch);
    }
    this.blender = createFewShotBlender(head, this.baseClassNames);
  }

  /**
   * Blends in the taught classes and applies the open-set rule. `teachable`: whether a class being taught may
   * learn from this window (not from a sound's first moments, read from its onset alone: a taught class is the
   * instrument's sound over whole windows, and onset rows would widen what it takes in).
   */
  decide(out: BaseOutput, teachable = true): LiveDecision {
    const { probs, weight } = this.blender.blend(out.probs, out.embedding);
    if (teachable && this.teaching && this.teaching.length * this.hopSeconds < MAX_TEACH_SECONDS) {
      this.teaching.push(out.embedding);
    }
    // A window the user taught is known, whatever the base model's rules say; otherwise one outside the
    // training data (the novelty rule) is unknown however confident the model is, then the open-set rule decides.
    const unknown =
      weight >= 0.5
        ? this.rule.source === 'fallback'
          ? null
          : false
        : out.novel
          ? true
          : this.rule.source === 'fallback'
            ? null
            : isUnknown(this.rule, out.probs, out.logits, this.rule.threshold);
    return { probs, unknown, taughtWeight: weight };
  }

  /** Starts collecting the sounding windows that `decide` sees (silent ones never reach it). */
  startTeaching(): void {
    this.teaching = [];
  }

  /** Seconds of sound collected so far; null when not teaching. */
  get teachingSeconds(): number | null {
    return this.teaching ? this.teaching.length * this.hopSeconds : null;
  }

  /** Stops collecting and makes the class (throws the user's message for too little sound). */
  finishTeaching(name: string, taughtAt: string): TaughtClass {
    const windows = this.teaching;
    this.teaching = null;
    if (!windows) throw new Error('Not teaching: press Teach first');
    return teachClass(name, windows, this.hopSeconds, taughtAt);
  }

  cancelTeaching(): void {
    this.teaching = null;
  }
}
