import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeWav } from '../audio/wav';
import { frameFeatureMatrix, framesSpec, summarizeWindow } from '../features/frames';
import { TABLE_COLUMNS, analyseSignal, waveformPeaks } from './fileSummary';

const data = path.resolve(process.cwd(), '../shared/data');
const RATE = 22_050;

function sine(hz: number, amplitude: number, seconds: number): Float32Array {
  return Float32Array.from(
    { length: Math.round(seconds * RATE) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / RATE),
  );
}

const valueOf = (analysis: ReturnType<typeof analyseSignal>, name: string) => {
  const row = analysis.features.find((f) => f.name === name);
  if (!row) throw new Error(`no row ${name}`);
  return row.value;
};

describe('analyseSignal', () => {
  it('measures a 440 Hz sine as physics says: RMS A/√2, centroid 440 Hz, 880 crossings a second', () => {
    const analysis = analyseSignal({ samples: sine(440, 0.5, 3), sampleRate: RATE }, 100);
    expect(analysis.sampleCount).toBe(3 * RATE);
    expect(analysis.durationSeconds).toBeCloseTo(3, 9);
    expect(valueOf(analysis, 'rms_mean')).toBeCloseTo(0.5 / Math.SQRT2, 2);
    expect(valueOf(analysis, 'rms_std')).toBeLessThan(0.01);
    // The Hann window spreads a pure tone over a few bins around 440 Hz; its centroid stays within a bin.
    expect(Math.abs(valueOf(analysis, 'centroid_mean') - 440)).toBeLessThan(RATE / 1024);
    expect(valueOf(analysis, 'zcr_mean')).toBeCloseTo(880 / RATE, 3);
    expect(valueOf(analysis, 'flatness_mean')).toBeLessThan(0.01); // a tone is the opposite of noise
    expect(Math.max(...analysis.waveform.max)).toBeCloseTo(0.5, 3);
    expect(Math.min(...analysis.waveform.min)).toBeCloseTo(-0.5, 3);
  });

  it('shows, for a real GTZAN track, exactly the whole-file row of the core frames feature set', () => {
    const wav = decodeWav(new Uint8Array(readFileSync(path.join(data, 'gtzan-check/blues.00000.wav'))));
    const samples = wav.channels[0];
    const analysis = analyseSignal({ samples, sampleRate: wav.sampleRate }, 300);
    const matrix = frameFeatureMatrix(samples);
    const row = summarizeWindow(matrix, 0, matrix.frames);
    expect(analysis.features.map((f) => f.name)).toEqual(TABLE_COLUMNS.map((c) => c.name));
    for (const feature of analysis.features) {
      expect(feature.value, feature.name).toBe(row[framesSpec.columns.indexOf(feature.name)]);
      expect(Number.isFinite(feature.value), feature.name).toBe(true);
    }
    expect(analysis.featureSet).toContain(`${matrix.frames.toLocaleString('en-US')} frames`);
    expect(analysis.waveform.min).toHaveLength(300);
  });

  it('gives finite numbers for silence and for a clip shorter than one frame', () => {
    for (const samples of [new Float32Array(RATE), new Float32Array(100)]) {
      const analysis = analyseSignal({ samples, sampleRate: RATE }, 10);
      for (const f of analysis.features) expect(Number.isFinite(f.value), f.name).toBe(true);
      expect(valueOf(analysis, 'rms_mean')).toBe(0);
    }
  });

  it('refuses a signal at another rate, naming it', () => {
    expect(() => analyseSignal({ samples: new Float32Array(10), sampleRate: 44_100 }, 10)).toThrow(
      'Expected the analysis signal at 22050 Hz, got 44100 Hz',
    );
  });
});

describe('waveformPeaks', () => {
  it('takes the min and max of each equal slice', () => {
    const peaks = waveformPeaks(Float32Array.from([0, 1, -1, 0.5, -0.25, 0.75]), 3);
    expect(Array.from(peaks.min)).toEqual([0, -1, -0.25]);
    expect(Array.from(peaks.max)).toEqual([1, 0.5, 0.75]);
  });

  it('stretches a signal shorter than the width, reads 0 for an empty one, and names a bad width', () => {
    const peaks = waveformPeaks(Float32Array.from([0.5, -0.5]), 4);
    expect(Array.from(peaks.max)).toEqual([0.5, 0.5, -0.5, -0.5]);
    expect(Array.from(waveformPeaks(new Float32Array(0), 2).min)).toEqual([0, 0]);
    expect(() => waveformPeaks(new Float32Array(4), 0)).toThrow(
      'Expected waveform width to be an integer >= 1, got 0',
    );
  });
});
