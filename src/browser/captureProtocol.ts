/** Messages between microphone.ts and the capture AudioWorklet (captureWorklet.ts). */

export const CAPTURE_PROCESSOR = 'oido-capture';

/** Posted to the page for each full block; `samples` is transferred. */
export interface CaptureBlockMessage {
  type: 'block';
  /** Mono samples at the context's rate. */
  samples: Float32Array;
  /** Context frame just after the block's last sample (divide by the context's sample rate for seconds). */
  endFrame: number;
}

/** Sent by the page: stop posting, and let the node be collected. */
export interface CaptureStopMessage {
  type: 'stop';
}

export interface CaptureProcessorOptions {
  /** Samples per posted block (whole render quanta of 128 are batched). */
  blockSize: number;
}
