/** A clip recorded from the microphone (through the app's one microphone door) into mono samples. */
import { startMicrophone } from '../../../browser/microphone';

export interface Recording {
  samples: Float32Array;
  sampleRate: number;
}

export interface ClipRecorder {
  readonly sampleRate: number;
  /** Resolves with the samples when `stop()` is called, `maxSeconds` pass, or the device goes away. */
  readonly finished: Promise<Recording>;
  stop(): void;
}

/** Starts recording at once; `onProgress` hears the seconds so far and the latest block's peak (0 … 1). */
export async function recordClip(
  maxSeconds: number,
  onProgress?: (seconds: number, peak: number) => void,
): Promise<ClipRecorder> {
  if (!(maxSeconds > 0 && maxSeconds <= 600)) {
    throw new RangeError(`Expected the recording length in (0, 600] s, got ${maxSeconds}`);
  }
  const microphone = await startMicrophone();
  const { sampleRate } = microphone;
  const limit = Math.round(maxSeconds * sampleRate);
  const blocks: Float32Array[] = [];
  let length = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<Recording>((resolve) => {
    let done = false;
    finish = () => {
      if (done) return;
      done = true;
      unsubscribe();
      unsubscribeEnded();
      void microphone.stop();
      const samples = new Float32Array(length);
      let at = 0;
      for (const block of blocks) {
        samples.set(block, at);
        at += block.length;
      }
      resolve({ samples, sampleRate });
    };
  });
  const unsubscribe = microphone.onBlock((block) => {
    const take = block.samples.subarray(0, Math.max(0, limit - length));
    blocks.push(take.slice());
    length += take.length;
    let peak = 0;
    for (const v of take) peak = Math.max(peak, Math.abs(v));
    onProgress?.(length / sampleRate, Math.min(1, peak));
    if (length >= limit) finish();
  });
  const unsubscribeEnded = microphone.onEnded(() => finish());
  return { sampleRate, finished, stop: () => finish() };
}
