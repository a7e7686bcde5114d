/**
 * The last `capacity` frames of a stream, each `width` values: what a streaming extractor keeps so that its
 * memory stays flat however long it listens. Frames come back oldest first, in a file's order.
 */
/**
 * Where a summary of a window's newest `lastFrames` frames starts (0: the whole window). A sound that began
 * inside the window is summarised from its start, as a clip of it alone would be.
 */
export function newestFrom(frames: number, lastFrames?: number): number {
  if (lastFrames === undefined) return 0;
  if (!(Number.isInteger(lastFrames) && lastFrames >= 1))
    throw new RangeError(`Expected lastFrames to be a whole number >= 1, got ${lastFrames}`);
  return Math.max(0, frames - lastFrames);
}

export class FrameRing {
  private readonly ring: Float32Array;
  private count = 0;

  constructor(
    readonly capacity: number,
    readonly width: number,
  ) {
    this.ring = new Float32Array(capacity * width);
  }

  /** Frames pushed since the start (or the last reset). */
  get total(): number {
    return this.count;
  }

  /** Appends `frames` rows of `width` values from `block` (row-major), overwriting the oldest. */
  push(block: Float32Array, frames: number): void {
    const w = this.width;
    for (let f = 0; f < frames; f++) {
      this.ring.set(block.subarray(f * w, (f + 1) * w), (this.count % this.capacity) * w);
      this.count++;
    }
  }

  /** The kept frames, oldest first (at most `capacity`); null before the first. */
  window(): { data: Float32Array; frames: number; features: number } | null {
    if (this.count === 0) return null;
    const w = this.width;
    const kept = Math.min(this.count, this.capacity);
    const data = new Float32Array(kept * w);
    for (let f = 0; f < kept; f++) {
      const slot = (this.count - kept + f) % this.capacity;
      data.set(this.ring.subarray(slot * w, (slot + 1) * w), f * w);
    }
    return { data, frames: kept, features: w };
  }

  /** A copy of the latest frame; null before the first. */
  latest(): Float32Array | null {
    if (this.count === 0) return null;
    const slot = (this.count - 1) % this.capacity;
    return this.ring.slice(slot * this.width, (slot + 1) * this.width);
  }

  reset(): void {
    this.count = 0;
  }
}
