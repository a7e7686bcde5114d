/** The Classify view's picture of a song's sound, made in the worker: a log-mel spectrogram as a small image. */
import { logMelSpectrogram, logmelSpec } from '../features/logmel';

/** A log-mel spectrogram squeezed into an image: `columns × bands` bytes, column-major, 0 = floor, 255 = max. */
export interface SpectrogramImage {
  pixels: Uint8Array;
  columns: number;
  bands: number;
  /** Loudest and floor level, dB (ref 1), of what the bytes span. */
  maxDb: number;
  minDb: number;
  /** Mel band edges of the image's lowest and highest rows, Hz. */
  fMin: number;
  fMax: number;
}

/**
 * The clip's log-mel spectrogram (core `logMelSpectrogram`: 128 Slaney bands, 80 dB below the loudest value)
 * in at most `columns` columns, each the loudest of the frames it covers, as bytes from the floor (0) to the
 * loudest value (255).
 */
export function spectrogramImage(samples: Float32Array, columns: number): SpectrogramImage {
  if (!Number.isInteger(columns) || columns < 1) {
    throw new Error(`Expected spectrogram columns to be an integer >= 1, got ${columns}`);
  }
  const spec = logMelSpectrogram(samples);
  const { frames, bands, data } = spec;
  let maxDb = -Infinity;
  let minDb = Infinity;
  for (let i = 0; i < data.length; i++) {
    if (data[i] > maxDb) maxDb = data[i];
    if (data[i] < minDb) minDb = data[i];
  }
  const width = Math.min(columns, frames);
  const pixels = new Uint8Array(width * bands);
  const range = maxDb - minDb;
  const scale = range > 0 ? 255 / range : 0;
  for (let c = 0; c < width; c++) {
    const from = Math.floor((c * frames) / width);
    const to = Math.max(from + 1, Math.floor(((c + 1) * frames) / width));
    for (let m = 0; m < bands; m++) {
      let loudest = -Infinity;
      for (let t = from; t < to; t++) loudest = Math.max(loudest, data[t * bands + m]);
      pixels[c * bands + m] = Math.round((loudest - minDb) * scale);
    }
  }
  return {
    pixels,
    columns: width,
    bands,
    maxDb,
    minDb,
    fMin: Number(logmelSpec.params?.fMin ?? 0),
    fMax: Number(logmelSpec.params?.fMax ?? logmelSpec.sampleRate / 2),
  };
}
