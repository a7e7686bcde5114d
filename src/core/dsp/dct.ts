/** Orthonormal DCT-II matrix (scipy `dct(type=2, norm='ortho')`), `nOut` rows of length `nIn`. */
export function dctMatrix(nIn: number, nOut: number): Float32Array {
  if (nOut > nIn) throw new Error(`Expected nOut <= nIn, got ${nOut} > ${nIn}`);
  const m = new Float32Array(nOut * nIn);
  for (let k = 0; k < nOut; k++) {
    const scale = k === 0 ? Math.sqrt(1 / nIn) : Math.sqrt(2 / nIn);
    for (let n = 0; n < nIn; n++) m[k * nIn + n] = scale * Math.cos((Math.PI * k * (2 * n + 1)) / (2 * nIn));
  }
  return m;
}

/** out[k] = Σ_n matrix[k, n] · input[n]. */
export function applyDct(
  matrix: Float32Array,
  input: ArrayLike<number>,
  out: Float32Array,
  inOffset = 0,
): void {
  const nOut = out.length;
  const nIn = matrix.length / nOut;
  for (let k = 0; k < nOut; k++) {
    let sum = 0;
    const row = k * nIn;
    for (let n = 0; n < nIn; n++) sum += matrix[row + n] * input[inOffset + n];
    out[k] = sum;
  }
}
