import FFT from 'fft.js';
import { spectralKernels, spectralModuleBytes, type SpectralKernels } from './spectralSimd';

/**
 * A complex FFT: the WebAssembly SIMD transform of spectralSimd.ts where it runs, fft.js otherwise. Both are
 * forward DFTs (e^{−2πikn/N}) of interleaved re, im doubles, equal to double rounding; fft.js's
 * `transform(out, data)` is the interface kept.
 */
export interface ComplexFft {
  /** The forward DFT of `data` (size complex values, interleaved) into `out`. */
  transform(out: Float64Array, data: Float64Array): void;
}

const fallbacks = new Map<number, FFT>();

/** A shared complex FFT of `size` points (a power of two >= 2); single-threaded use only. */
export function complexFft(size: number, options: { simd?: boolean } = {}): ComplexFft {
  if (!Number.isInteger(size) || size < 2 || (size & (size - 1)) !== 0)
    throw new Error(`Expected an FFT size that is a power of two >= 2, got ${size}`);
  const kernels: SpectralKernels | null = options.simd === false ? null : spectralKernels(size);
  if (kernels) return kernels;
  let fft = fallbacks.get(size);
  if (!fft) {
    fft = new FFT(size);
    fallbacks.set(size, fft);
  }
  return fft;
}

/** Whether `complexFft(size)` runs in WebAssembly here. */
export function simdFftAvailable(size = 1024): boolean {
  return spectralKernels(size) !== null;
}

/** The generated module's size in bytes (Chromium compiles at most 4 KB synchronously on a page's thread). */
export function fftModuleBytes(size: number): number {
  return spectralModuleBytes(size).length;
}
