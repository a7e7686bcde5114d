/**
 * scikit-learn's `compute_class_weight('balanced')`: rows / (classes · rowsOfClass), so that every class
 * carries the same total weight. A class with no rows gets weight 0 (it contributes no loss anyway).
 */
export function balancedClassWeights(labels: Int32Array, nClasses: number): Float32Array {
  if (!Number.isInteger(nClasses) || nClasses < 1)
    throw new Error(`Expected nClasses to be an integer >= 1, got ${nClasses}`);
  const counts = new Float64Array(nClasses);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y < 0 || y >= nClasses)
      throw new Error(`Expected labels in [0, ${nClasses - 1}], got ${y} at row ${i}`);
    counts[y]++;
  }
  // scikit-learn counts only the classes present in y.
  const present = counts.filter((c) => c > 0).length;
  const weights = new Float32Array(nClasses);
  for (let c = 0; c < nClasses; c++) weights[c] = counts[c] > 0 ? labels.length / (present * counts[c]) : 0;
  return weights;
}
