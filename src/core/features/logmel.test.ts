import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MPEGDecoder } from 'mpg123-decoder';
import { describe, expect, it } from 'vitest';
import { resample } from '../audio/resample';
import { mixToMono } from '../audio/signal';
import { hzToMel, melToHz } from '../dsp/mel';
import { logMelPatches, logMelSpectrogram, logmelSpec } from './logmel';

const SR = 22050;

function sine(freq: number, seconds: number, amplitude = 0.5): Float32Array {
  const x = new Float32Array(Math.round(seconds * SR));
  for (let i = 0; i < x.length; i++) x[i] = amplitude * Math.sin((2 * Math.PI * freq * i) / SR);
  return x;
}

/** Index of the mel band whose centre (Slaney scale, 128 bands over 0 … 11,025 Hz) is nearest `hz`. */
function nearestBand(hz: number): number {
  const melMax = hzToMel(SR / 2);
  let best = 0;
  for (let m = 0; m < 128; m++) {
    const centre = melToHz(((m + 1) * melMax) / 129);
    const bestCentre = melToHz(((best + 1) * melMax) / 129);
    if (Math.abs(centre - hz) < Math.abs(bestCentre - hz)) best = m;
  }
  return best;
}

function argmaxBand(data: Float32Array, frame: number): number {
  let best = 0;
  for (let m = 1; m < 128; m++) if (data[frame * 128 + m] > data[frame * 128 + best]) best = m;
  return best;
}

describe('logMelSpectrogram', () => {
  it('a sine lights the band centred nearest its frequency', () => {
    for (const f of [220, 1000, 4000]) {
      const spec = logMelSpectrogram(sine(f, 1));
      expect(spec.bands).toBe(128);
      expect(Math.abs(argmaxBand(spec.data, 20) - nearestBand(f))).toBeLessThanOrEqual(1);
    }
  });

  it('a full-scale 700 Hz sine carries the energy Parseval and the Slaney band heights predict', () => {
    // One-sided energy of a Hann-windowed sine: (N/2)·(A²/2)·Σw² with Σw² = 3N/8. Below 1 kHz the Slaney
    // triangles are spaced Δ Hz apart and each is 1/Δ high, so they sum to 1/Δ at every bin.
    const n = 2048;
    const delta = melToHz(hzToMel(SR / 2) / 129);
    const expected = 10 * Math.log10((3 * n * n) / 32 / delta);
    const spec = logMelSpectrogram(sine(700, 1, 1));
    let total = 0;
    for (let m = 0; m < 128; m++) total += 10 ** (spec.data[20 * 128 + m] / 10);
    expect(10 * Math.log10(total)).toBeCloseTo(expected, 1);
  });

  it('real notes light their pitch: a flute A4 at 440 Hz, a bowed violin A4 at its 2nd harmonic, 880 Hz', async () => {
    const decoder = new MPEGDecoder();
    await decoder.ready;
    const loudestBand = (file: string): number => {
      const bytes = new Uint8Array(
        readFileSync(path.resolve(process.cwd(), '../shared/data/instruments', file)),
      );
      const decoded = decoder.decode(bytes);
      const spec = logMelSpectrogram(resample(mixToMono(decoded.channelData), decoded.sampleRate, SR));
      // The band that is loudest most often among frames within 20 dB of the clip's peak.
      const peak = Math.max(...spec.data);
      const votes = new Map<number, number>();
      for (let t = 0; t < spec.frames; t++) {
        const band = argmaxBand(spec.data, t);
        if (spec.data[t * 128 + band] >= peak - 20) votes.set(band, (votes.get(band) ?? 0) + 1);
      }
      return [...votes.entries()].sort((a, b) => b[1] - a[1])[0][0];
    };
    try {
      expect(
        Math.abs(loudestBand('flute/flute_A4_1_forte_normal.mp3') - nearestBand(440)),
      ).toBeLessThanOrEqual(1);
      expect(Math.abs(loudestBand('violin/adambuttrick-A4.mp3') - nearestBand(880))).toBeLessThanOrEqual(1);
    } finally {
      decoder.free();
    }
  });

  it('has librosa frame counts: 1 + floor(n / hop) centred frames', () => {
    expect(logMelSpectrogram(new Float32Array(SR * 3)).frames).toBe(1 + Math.floor((SR * 3) / 512));
    expect(logMelSpectrogram(new Float32Array(511)).frames).toBe(1);
    expect(logMelSpectrogram(new Float32Array(512)).frames).toBe(2);
    expect(logMelSpectrogram(new Float32Array(0)).frames).toBe(1);
  });

  it('floors at 80 dB below the loudest value and keeps silence finite', () => {
    const x = sine(1000, 1);
    x.fill(0, SR / 2);
    const spec = logMelSpectrogram(x);
    let max = -Infinity;
    let min = Infinity;
    for (const v of spec.data) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    expect(min).toBeCloseTo(max - 80, 4);
    const silent = logMelSpectrogram(new Float32Array(SR));
    expect(silent.data.every((v) => v === -100)).toBe(true);
  });

  it('rejects non-finite samples, naming where', () => {
    const x = new Float32Array(100);
    x[42] = NaN;
    expect(() => logMelSpectrogram(x)).toThrow(/NaN at index 42/);
  });
});

describe('logMelPatches', () => {
  it('cuts a 10-s clip into 128 × 130 patches, the last padded with its floor', () => {
    const x = sine(440, 10);
    const frames = 1 + Math.floor(x.length / 512);
    const patches = logMelPatches(x);
    expect(patches.length).toBe(Math.ceil(frames / 130));
    for (const p of patches) {
      expect(p.frames).toBe(130);
      expect(p.bands).toBe(128);
      expect(p.data.length).toBe(130 * 128);
      expect(p.data.every(Number.isFinite)).toBe(true);
    }
    expect(patches.map((p) => p.startFrame)).toEqual(patches.map((_, i) => i * 130));
    expect(patches[1].startSeconds).toBeCloseTo((130 * 512) / SR, 6);
    const last = patches[patches.length - 1];
    const real = frames - last.startFrame;
    const floor = Math.min(...last.data);
    expect(last.data.subarray(real * 128).every((v) => v === floor)).toBe(true);
    expect(argmaxBand(last.data, real - 2)).toBe(argmaxBand(patches[0].data, 10));
  });

  it('matches the clip spectrogram where the clip is exactly one patch', () => {
    const x = sine(3000, (129 * 512) / SR);
    const spec = logMelSpectrogram(x);
    expect(spec.frames).toBe(130);
    const [patch] = logMelPatches(x);
    expect(Array.from(patch.data)).toEqual(Array.from(spec.data));
  });

  it('overlaps with a smaller hop, and a short clip gives one padded patch', () => {
    const x = sine(440, 6);
    // 259 frames: patches at 0, 65 and 130; the one at 130 reaches past the end, so it is the last.
    expect(1 + Math.floor(x.length / 512)).toBe(259);
    expect(logMelPatches(x, 130, 65).map((p) => p.startFrame)).toEqual([0, 65, 130]);
    expect(logMelPatches(sine(440, 0.5)).length).toBe(1);
    expect(logMelPatches(new Float32Array(0))[0].data.every((v) => v === -100)).toBe(true);
  });

  it('rejects bad sizes, naming the value', () => {
    expect(() => logMelPatches(new Float32Array(10), 0)).toThrow(
      'Expected frames to be an integer >= 1, got 0',
    );
    expect(() => logMelPatches(new Float32Array(10), 130, 1.5)).toThrow('got 1.5');
  });

  it('spec names one column per band', () => {
    expect(logmelSpec.columns.length).toBe(128);
    expect(logmelSpec.columns[0]).toBe('mel1');
    expect(logmelSpec).toMatchObject({
      name: 'logmel',
      version: 1,
      sampleRate: SR,
      frameLength: 2048,
      hop: 512,
    });
  });
});
