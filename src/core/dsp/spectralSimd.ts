/**
 * The STFT's and ISTFT's frame kernels and the complex FFT in WebAssembly SIMD (their code: spectralSimdCode.ts),
 * with their tables written and views of their buffers: one module and memory per transform size.
 */
import { hannWindow } from './window';
import { layoutFor, spectralModuleBytes, type Layout } from './spectralSimdCode';
import { ensureMemory, instantiate } from './wasmCode';

export { spectralModuleBytes };

interface Exports {
  fft(unused: number): void;
  stftFrame(src: number): void;
  istftFrame(at: number): void;
  softMask(unused: number): void;
  memory: WebAssembly.Memory;
}

/** Writes w as (wr, wr), (−wi, wi) at byte `at`. */
function putComplex(heap: Float64Array, at: number, wr: number, wi: number): void {
  const i = at / 8;
  heap[i] = wr;
  heap[i + 1] = wr;
  heap[i + 2] = -wi;
  heap[i + 3] = wi;
}

/** The kernels of one size M, with their tables written and views of their buffers. */
export class SpectralKernels {
  readonly size: number;
  private readonly exports: Exports;
  private readonly layout: Layout;
  private heapBuffer: ArrayBuffer | null = null;
  private views!: {
    input: Float64Array;
    work: Float64Array;
    spec: Float32Array;
    power: Float32Array;
    magnitude: Float32Array;
    row: Float32Array;
    gain: Float32Array;
    maskX: Float32Array;
    maskRef: Float32Array;
  };

  constructor(size: number, exports: Exports) {
    this.size = size;
    this.exports = exports;
    const layout = (this.layout = layoutFor(size));
    if (!ensureMemory(exports.memory, layout.dynAt)) throw new Error('Expected room for the FFT tables');
    const buffer = exports.memory.buffer;
    const rev = new Int32Array(buffer, layout.revAt, size);
    const bits = Math.round(Math.log2(size));
    for (let n = 0; n < size; n++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((n >> b) & 1) << (bits - 1 - b);
      rev[n] = 16 * r;
    }
    const heap = new Float64Array(buffer);
    const twiddle = (at: number, k: number, n: number) => {
      const angle = (-2 * Math.PI * k) / n;
      putComplex(heap, at, Math.cos(angle), Math.sin(angle));
    };
    for (const { h, tw } of layout.stages) {
      for (let j = 0; j < h; j++) {
        twiddle(tw + 64 * j, j, 2 * h); // w2 = W_{2h}^j
        twiddle(tw + 64 * j + 32, j, 4 * h); // w1 = W_{4h}^j
      }
    }
    if (layout.lastTw >= 0) for (let j = 0; j < size / 2; j++) twiddle(layout.lastTw + 32 * j, j, size);
    const n = 2 * size;
    // The same tables as the JS paths: stft.ts's twiddles(N) (cos, sin of 2πk/N) and hannWindow(N).
    for (let k = 0; k < size; k++) {
      const c = Math.cos((2 * Math.PI * k) / n);
      const s = Math.sin((2 * Math.PI * k) / n);
      putComplex(heap, layout.splitAt + 32 * k, -s, -c);
      if (k <= size / 2) putComplex(heap, layout.preAt + 32 * k, c, s);
    }
    const window = hannWindow(n);
    const synthesis = window.map((w) => w / size);
    for (let i = 0; i < n; i++) {
      heap[layout.anaWinAt / 8 + i] = window[i];
      heap[layout.synWinAt / 8 + i] = i % 2 === 0 ? synthesis[i] : -synthesis[i];
    }
  }

  /** Current views (memory growth replaces the buffer). */
  private get heap() {
    const buffer = this.exports.memory.buffer;
    if (buffer !== this.heapBuffer) {
      const l = this.layout;
      const m = this.size;
      this.views = {
        input: new Float64Array(buffer, l.inAt, 2 * m),
        work: new Float64Array(buffer, l.workAt, 2 * m),
        spec: new Float32Array(buffer, l.specAt, 2 * (m + 1)),
        power: new Float32Array(buffer, l.powAt, m + 1),
        magnitude: new Float32Array(buffer, l.magAt, m + 1),
        row: new Float32Array(buffer, l.rowAt, 2 * (m + 1)),
        gain: new Float32Array(buffer, l.gainAt, m + 1),
        maskX: new Float32Array(buffer, l.maskXAt, m + 1),
        maskRef: new Float32Array(buffer, l.maskRefAt, m + 1),
      };
      this.heapBuffer = buffer;
    }
    return this.views;
  }

  /** The forward DFT of `data` (M complex values, interleaved) into `out`. */
  transform(out: Float64Array, data: Float64Array): void {
    const { input, work } = this.heap;
    input.set(data.length === input.length ? data : data.subarray(0, input.length));
    this.exports.fft(0);
    out.set(work);
  }

  /**
   * The STFT frames of `source` (already padded: frame t starts at t·hop) with a periodic Hann window of N:
   * for each frame, `take(t, spectrum, power, magnitude)` gets views of its float32 bins (valid until the next
   * frame). False, having done nothing, when the memory cannot grow to hold the source.
   */
  stft(
    source: Float32Array,
    frames: number,
    hop: number,
    take: (t: number, spectrum: Float32Array, power: Float32Array, magnitude: Float32Array) => void,
  ): boolean {
    const { dynAt } = this.layout;
    if (!ensureMemory(this.exports.memory, dynAt + 4 * source.length)) return false;
    new Float32Array(this.exports.memory.buffer, dynAt, source.length).set(source);
    const { spec, power, magnitude } = this.heap;
    for (let t = 0; t < frames; t++) {
      this.exports.stftFrame(4 * t * hop);
      take(t, spec, power, magnitude);
    }
    return true;
  }

  /**
   * The overlap-added inverse frames (before the window-sum division) of `frames` frames `hop` apart into a
   * zeroed signal of `length` doubles; `fill(t, bins, gains)` writes frame t's interleaved bins (2·(M+1)
   * float32) and gains (M+1), or with `mask` the gains are librosa's softmask(x, ref) of its rows instead. Returns a view of the signal, valid until the next call; null, having done
   * nothing, when the memory cannot grow to hold it.
   */
  istft(
    frames: number,
    hop: number,
    length: number,
    fill: (t: number, bins: Float32Array, gains: Float32Array) => void,
    mask?: { x: Float32Array; ref: Float32Array },
  ): Float64Array | null {
    const { dynAt } = this.layout;
    if (!ensureMemory(this.exports.memory, dynAt + 8 * length)) return null;
    const { row, gain, maskX, maskRef } = this.heap;
    const bins = this.size + 1;
    const y = new Float64Array(this.exports.memory.buffer, dynAt, length);
    y.fill(0);
    for (let t = 0; t < frames; t++) {
      fill(t, row, gain);
      if (mask) {
        // The gains from the two energy rows: hpss.ts's softMask (power 2, zeros split), made here.
        maskX.set(mask.x.subarray(t * bins, (t + 1) * bins));
        maskRef.set(mask.ref.subarray(t * bins, (t + 1) * bins));
        this.exports.softMask(0);
      }
      this.exports.istftFrame(8 * t * hop);
    }
    return y;
  }
}

const kernels = new Map<number, SpectralKernels | null>();

/** The kernels with their tables written, or null when there is no room for the tables (the JS paths serve). */
function made(size: number, exports: Exports): SpectralKernels | null {
  try {
    return new SpectralKernels(size, exports);
  } catch {
    return null;
  }
}
let enabled = true;

/** Switches the SIMD kernels off (tests compare the JS paths with them) or back on. */
export function useSpectralSimd(on: boolean): void {
  enabled = on;
}

/** The kernels for M-point transforms (a power of two >= 2), or null where WebAssembly SIMD is not available. */
export function spectralKernels(size: number): SpectralKernels | null {
  if (!enabled) return null;
  if (!kernels.has(size)) {
    const exports = instantiate<Exports>(spectralModuleBytes(size));
    kernels.set(size, exports ? made(size, exports) : null);
  }
  return kernels.get(size) ?? null;
}
