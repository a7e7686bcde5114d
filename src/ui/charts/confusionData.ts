/**
 * Data shaping for the confusion-matrix chart: checks the counts, normalises each row (true class) so that
 * colour shows recall whatever the class sizes, and sizes the grid so that 2 or 20 classes stay readable.
 */

/** Rows are true classes, columns predictions, each row normalised; rows with no examples stay at 0. */
export interface ConfusionCells {
  counts: number[][];
  fractions: number[][];
  /** Examples of each true class. */
  rowTotals: number[];
}

/** Checks a square matrix of non-negative integer counts with one class name per row. */
export function checkConfusion(matrix: readonly (readonly number[])[], classNames: readonly string[]): void {
  const n = classNames.length;
  if (n === 0) throw new Error('Expected at least one class name for the confusion matrix, got none');
  if (matrix.length !== n) {
    throw new Error(`Expected a confusion matrix with ${n} rows (one per class), got ${matrix.length}`);
  }
  matrix.forEach((row, i) => {
    if (row.length !== n) {
      throw new Error(`Expected confusion matrix row ${i} to have ${n} columns, got ${row.length}`);
    }
    row.forEach((v, j) => {
      if (!Number.isInteger(v) || v < 0) {
        throw new Error(`Expected confusion counts to be integers >= 0, got ${v} at row ${i}, column ${j}`);
      }
    });
  });
}

export function confusionCells(
  matrix: readonly (readonly number[])[],
  classNames: readonly string[],
): ConfusionCells {
  checkConfusion(matrix, classNames);
  const counts = matrix.map((row) => [...row]);
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const fractions = counts.map((row, i) => row.map((v) => (rowTotals[i] > 0 ? v / rowTotals[i] : 0)));
  return { counts, fractions, rowTotals };
}

export interface ConfusionLayout {
  /** Side of one cell, px. */
  cell: number;
  /** Font size of the counts inside cells, px. */
  countFont: number;
  /** Font size of the class names, px. */
  labelFont: number;
  /** Room for the row labels (left) and the rotated column labels (top), px. */
  rowLabelWidth: number;
  columnLabelHeight: number;
  width: number;
  height: number;
}

/** Approximate width of a label in a sans-serif font (0.58 em per character): enough to reserve room. */
function labelWidth(text: string, font: number): number {
  return Math.ceil(text.length * font * 0.58);
}

/**
 * Cell size from the classes and the room available: large for a few classes, down to 24 px for many, so a
 * 20-class matrix is still 480 px of legible cells. Long class names are shortened by `shortLabel`.
 */
export function confusionLayout(classNames: readonly string[], maxGridWidth = 560): ConfusionLayout {
  const n = Math.max(1, classNames.length);
  const cell = Math.max(24, Math.min(72, Math.floor(maxGridWidth / n)));
  const countFont = cell >= 48 ? 14 : cell >= 32 ? 12 : 10;
  const labelFont = n > 12 ? 11 : 13;
  const longest = Math.max(...classNames.map((c) => labelWidth(shortLabel(c), labelFont)), 20);
  // Row labels, plus a rotated axis title beside them.
  const rowLabelWidth = longest + 12 + 20;
  // Column labels are rotated -45°: they need about 0.71 of their length upward, plus the axis title.
  const columnLabelHeight = Math.ceil(longest * 0.71) + 30;
  // Each rotated column label reaches right from its cell's centre; the widest reach sets the figure's width.
  const reach = Math.max(
    n * cell,
    ...classNames.map((c, j) => j * cell + cell / 2 + labelWidth(shortLabel(c), labelFont) * 0.71),
  );
  return {
    cell,
    countFont,
    labelFont,
    rowLabelWidth,
    columnLabelHeight,
    width: Math.ceil(rowLabelWidth + reach + 8),
    height: columnLabelHeight + n * cell + 8,
  };
}

/** A class name cut to 18 characters with an ellipsis (the full name stays in the tooltip). */
export function shortLabel(name: string, max = 18): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}

/** From the page background to the accent colour as the fraction goes from 0 to 1. */
export function heatColour(fraction: number): string {
  const t = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const from = [243, 246, 249];
  const to = [21, 84, 104];
  const mix = from.map((f, i) => Math.round(f + (to[i] - f) * t));
  return `rgb(${mix[0]} ${mix[1]} ${mix[2]})`;
}

/** Dark text on light cells, white on dark ones. */
export function textColourOn(fraction: number): string {
  return fraction > 0.45 ? '#ffffff' : '#1c2330';
}
