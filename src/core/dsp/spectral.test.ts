import { describe, expect, it } from 'vitest';
import { padSignal } from './frames';
import {
  perFrame,
  rms,
  rmsFrames,
  spectralBandwidth,
  spectralCentroid,
  spectralRolloff,
  spectralShape,
  zeroCrossingRate,
  zeroCrossingRates,
} from './spectral';
import { fftFrequencies, magnitudeOf, powerSpectrogram } from './stft';

const SR = 22050;
const freqs = fftFrequencies(SR, 2048);

function sine(freq: number, amplitude = 0.5, seconds = 1): Float32Array {
  const x = new Float32Array(Math.round(seconds * SR));
  for (let i = 0; i < x.length; i++) x[i] = amplitude * Math.sin((2 * Math.PI * freq * i) / SR);
  return x;
}

const magnitudes = (x: Float32Array) =>
  magnitudeOf(powerSpectrogram(x, { frameLength: 2048, hop: 512, center: true, padMode: 'reflect' }));

describe('spectral descriptors of one frame', () => {
  it('a sine has its centroid and roll-off at its frequency and a narrow bandwidth', () => {
    for (const f of [440, 1000, 3000]) {
      const mag = magnitudes(sine(f));
      const frame = mag.data.subarray(20 * mag.bins, 21 * mag.bins);
      const c = spectralCentroid(frame, freqs);
      expect(Math.abs(c - f)).toBeLessThan(15);
      expect(Math.abs(spectralRolloff(frame, freqs) - f)).toBeLessThanOrEqual((2 * SR) / 2048);
      expect(spectralBandwidth(frame, freqs, c)).toBeLessThan(100);
    }
  });

  it('two equal sines have their centroid between them and a bandwidth of half their distance', () => {
    const a = sine(1000);
    const b = sine(3000);
    const mix = a.map((v, i) => v + b[i]);
    const mag = magnitudes(mix);
    const frame = mag.data.subarray(20 * mag.bins, 21 * mag.bins);
    const c = spectralCentroid(frame, freqs);
    expect(Math.abs(c - 2000)).toBeLessThan(20);
    expect(spectralBandwidth(frame, freqs, c)).toBeCloseTo(1000, -2);
  });

  it('a silent frame gives zeros, as librosa', () => {
    const frame = new Float32Array(1025);
    expect(spectralCentroid(frame, freqs)).toBe(0);
    expect(spectralBandwidth(frame, freqs, 0)).toBe(0);
    expect(spectralRolloff(frame, freqs)).toBe(0);
    expect(zeroCrossingRate(new Float32Array(2048))).toBe(0);
    expect(rms(new Float32Array(2048))).toBe(0);
    expect(rms(new Float32Array(0))).toBe(0);
  });

  it('rejects mismatched lengths and bad parameters, naming the value', () => {
    expect(() => spectralCentroid(new Float32Array(10), freqs)).toThrow('1025 frequencies for 10 bins');
    expect(() => spectralRolloff(new Float32Array(1025), freqs, 1.5)).toThrow('got 1.5');
  });

  it('zero-crossing rate and RMS of a sine', () => {
    const x = sine(1000, 0.5);
    const frame = x.subarray(4096, 4096 + 2048);
    // 2 crossings per period: 2 · 1000 / 22050 per sample
    expect(zeroCrossingRate(frame)).toBeCloseTo((2 * 1000) / SR, 3);
    expect(rms(frame)).toBeCloseTo(0.5 / Math.SQRT2, 3);
    // samples within ±threshold count as positive zeros
    expect(zeroCrossingRate(Float32Array.from([1, -1e-12, 1, -1]))).toBe(1 / 4);
  });
});

describe('framed zero-crossing rate and RMS', () => {
  const options = { frameLength: 2048, hop: 512, center: true };
  const x = new Float32Array(10_000);
  for (let i = 0; i < x.length; i++)
    x[i] = Math.sin(i * 0.05) * Math.cos(i * 0.0031) + 0.3 * Math.sin(i * 1.7);

  it('equal the per-frame functions on librosa-padded frames (edge for ZCR, reflect for RMS)', () => {
    const zcr = zeroCrossingRates(x, options);
    const energy = rmsFrames(x, options);
    expect(zcr.length).toBe(1 + Math.floor(10_000 / 512));
    expect(energy.length).toBe(zcr.length);
    const edge = padSignal(x, 1024, 1024, 'edge');
    const reflect = padSignal(x, 1024, 1024, 'reflect');
    for (const t of [0, 3, 10, zcr.length - 1]) {
      expect(zcr[t]).toBeCloseTo(zeroCrossingRate(edge.subarray(t * 512, t * 512 + 2048)), 6);
      expect(energy[t]).toBeCloseTo(rms(reflect.subarray(t * 512, t * 512 + 2048)), 6);
    }
  });

  it('RMS framing also holds when frames are not whole hops', () => {
    const odd = { frameLength: 1000, hop: 300, center: true, padMode: 'reflect' as const };
    const energy = rmsFrames(x, odd);
    const reflect = padSignal(x, 500, 500, 'reflect');
    for (const t of [0, 7, energy.length - 1])
      expect(energy[t]).toBeCloseTo(rms(reflect.subarray(t * 300, t * 300 + 1000)), 6);
  });

  it('spectralShape gives the three single-frame descriptors at once', () => {
    const mag = magnitudes(sine(1000).map((v, i) => v + 0.1 * Math.sin(i * 1.3)));
    const out = new Float64Array(3);
    for (const t of [0, 12, mag.frames - 1]) {
      const frame = mag.data.subarray(t * mag.bins, (t + 1) * mag.bins);
      spectralShape(frame, freqs, out);
      const c = spectralCentroid(frame, freqs);
      expect(out[0]).toBeCloseTo(c, 6);
      expect(out[1]).toBeCloseTo(spectralBandwidth(frame, freqs, c), 6);
      expect(out[2]).toBe(spectralRolloff(frame, freqs));
    }
    expect(Array.from(spectralShape(new Float32Array(1025), freqs, out))).toEqual([0, 0, 0]);
  });

  it('perFrame maps a descriptor over a spectrogram', () => {
    const mag = magnitudes(sine(2000));
    const centroids = perFrame(mag, (frame) => spectralCentroid(frame, freqs));
    expect(centroids.length).toBe(mag.frames);
    expect(Math.abs(centroids[5] - 2000)).toBeLessThan(15);
  });

  it('a signal shorter than a frame still gives one finite frame', () => {
    const short = Float32Array.from([0.1, -0.2, 0.3]);
    const zcr = zeroCrossingRates(short, options);
    expect(zcr.length).toBe(1);
    expect(Number.isFinite(zcr[0])).toBe(true);
  });
});
