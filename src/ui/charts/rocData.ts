/** Data shaping for the ROC chart: the curve thinned for drawing. */
import type { RocCurve } from '../../core/eval/roc';

export interface RocChartPoint {
  fpr: number;
  tpr: number;
}

/**
 * At most `maxPoints` points, evenly spaced along the curve's points (one per distinct score); the first and
 * last always stay. A test set of a few thousand rows draws at full detail; larger ones lose steps narrower
 * than a pixel.
 */
export function rocChartPoints(curve: RocCurve, maxPoints = 400): RocChartPoint[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new Error(`Expected maxPoints to be an integer >= 2, got ${maxPoints}`);
  }
  const pts = curve.points.map((p) => ({ fpr: p.fpr, tpr: p.tpr }));
  if (pts.length <= maxPoints) return pts;
  const step = (pts.length - 1) / (maxPoints - 1);
  const keep = new Set<number>();
  for (let k = 0; k < maxPoints; k++) keep.add(Math.round(k * step));
  keep.add(pts.length - 1);
  return [...keep].sort((a, b) => a - b).map((i) => pts[i]);
}

/** Trapezoid area under a drawn curve (for checking the thinning). */
export function areaUnder(points: readonly RocChartPoint[]): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    area += ((points[i].fpr - points[i - 1].fpr) * (points[i].tpr + points[i - 1].tpr)) / 2;
  }
  return area;
}
