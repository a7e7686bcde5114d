/** Hann window. `periodic` (the default, as scipy's `fftbins=True` and librosa's STFT) or symmetric. */
export function hannWindow(length: number, periodic = true): Float32Array {
  if (!Number.isInteger(length) || length < 1) throw new Error(`Expected window length >= 1, got ${length}`);
  const w = new Float32Array(length);
  if (length === 1) {
    w[0] = 1;
    return w;
  }
  const denominator = periodic ? length : length - 1;
  for (let n = 0; n < length; n++) w[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / denominator);
  return w;
}
