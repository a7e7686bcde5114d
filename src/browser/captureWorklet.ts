/**
 * The microphone's AudioWorklet processor. It only buffers: 128-sample render quanta, mixed to mono, are
 * gathered into blocks of `blockSize` samples and posted (the buffer transferred) with the context frame just
 * after the block's last sample, so the page can tell when that sample was captured. Loaded by microphone.ts
 * with `?worker&url`, which bundles this file on its own for `audioWorklet.addModule`.
 */

import {
  CAPTURE_PROCESSOR,
  type CaptureBlockMessage,
  type CaptureProcessorOptions,
  type CaptureStopMessage,
} from './captureProtocol';

// The AudioWorkletGlobalScope, which TypeScript's DOM library does not describe.
declare const currentFrame: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: AudioWorkletNodeOptions);
}
declare function registerProcessor(
  name: string,
  processor: new (options: AudioWorkletNodeOptions) => AudioWorkletProcessor,
): void;

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly blockSize: number;
  private block: Float32Array;
  private filled = 0;
  private running = true;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    const requested = (options.processorOptions as Partial<CaptureProcessorOptions> | undefined)?.blockSize;
    this.blockSize = typeof requested === 'number' && requested >= 128 ? Math.floor(requested) : 2048;
    this.block = new Float32Array(this.blockSize);
    this.port.onmessage = (event: MessageEvent<CaptureStopMessage>) => {
      if (event.data?.type === 'stop') this.running = false;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    if (!this.running) return false;
    const channels = inputs[0] ?? [];
    // A disconnected input has no channels: it counts as silence, so that the block clock stays continuous.
    const length = channels[0]?.length ?? 128;
    let read = 0;
    while (read < length) {
      const take = Math.min(length - read, this.blockSize - this.filled);
      for (let i = 0; i < take; i++) {
        let sum = 0;
        for (let c = 0; c < channels.length; c++) sum += channels[c][read + i];
        this.block[this.filled + i] = channels.length > 0 ? sum / channels.length : 0;
      }
      this.filled += take;
      read += take;
      if (this.filled === this.blockSize) {
        const message: CaptureBlockMessage = {
          type: 'block',
          samples: this.block,
          endFrame: currentFrame + read,
        };
        this.port.postMessage(message, [this.block.buffer]);
        this.block = new Float32Array(this.blockSize);
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
