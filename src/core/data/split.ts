import { createRng } from '../random';

/**
 * Seeded splits that are both grouped (all rows of a group, e.g. one track's segments, land on the same
 * side) and stratified (each class spread over the parts in proportion), in the manner of scikit-learn's
 * StratifiedGroupKFold: groups are shuffled by the seed, ordered largest-and-purest first, and each goes
 * greedily to the part where it brings the class counts closest to their targets. Without groups (each
 * row its own group) the per-class counts of the k folds differ by at most one, as in StratifiedKFold.
 */
export interface TrainValTestSplit {
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
}

export interface SplitOptions {
  train?: number;
  val?: number;
  test?: number;
  seed: number;
}

export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/** Row indices (ascending) of train, validation and test parts; `val` or `test` may be 0. */
export function trainValTestSplit(
  labels: ArrayLike<number>,
  groups: readonly string[] | null | undefined,
  options: SplitOptions,
): TrainValTestSplit {
  const weights = checkSplit(labels, groups, options);
  const [trainRows, valRows, testRows] = assign(prepare(labels, groups), weights, options.seed);
  return { train: trainRows, val: valRows, test: testRows };
}

/**
 * Throws what `trainValTestSplit` would refuse (fractions, seed, labels, too few groups) without assigning a
 * row: a few ms on a 50,000-row table where the split itself takes tens, so a form can check it as you type.
 * Returns the parts' weights.
 */
export function checkSplit(
  labels: ArrayLike<number>,
  groups: readonly string[] | null | undefined,
  options: SplitOptions,
): [number, number, number] {
  const { train = 0.8, val = 0.1, test = 0.1, seed } = options;
  const fractions = { train, val, test };
  for (const [name, f] of Object.entries(fractions)) {
    if (!Number.isFinite(f) || f < 0 || f > 1) throw new Error(`Expected ${name} to be in [0, 1], got ${f}`);
  }
  if (Math.abs(train + val + test - 1) > 1e-6) {
    throw new Error(
      `Expected train + val + test to be 1, got ${train} + ${val} + ${test} = ${train + val + test}`,
    );
  }
  if (train === 0) throw new Error('Expected train to be > 0, got 0');
  if (!Number.isSafeInteger(seed)) throw new Error(`Expected seed to be a safe integer, got ${seed}`);
  checkRows(labels, groups);
  const parts = [train, val, test].filter((w) => w > 0).length;
  // Distinct groups, counted only as far as the parts need.
  let distinct = labels.length;
  if (groups) {
    const seen = new Set<string>();
    for (let r = 0; r < groups.length && seen.size < parts; r++) seen.add(groups[r]);
    distinct = seen.size;
  }
  if (distinct < parts) {
    throw new Error(`Expected at least ${parts} groups to split into ${parts} parts, got ${distinct}`);
  }
  return [train, val, test];
}

/** k stratified, grouped folds: every row is in exactly one `test`; `train` is the rest. */
export function kFold(
  labels: ArrayLike<number>,
  groups: readonly string[] | null | undefined,
  k: number,
  seed: number,
): Fold[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`Expected k to be an integer >= 2, got ${k}`);
  const problem = prepare(labels, groups);
  const present = problem.classTotals.map((n, c) => [n, c]).filter(([n]) => n > 0);
  const [smallest, smallestClass] = present.reduce((a, b) => (b[0] < a[0] ? b : a));
  if (k > smallest) {
    throw new Error(
      `Expected k to be <= the smallest class count, got k = ${k} but class ${smallestClass} has only ${smallest} rows`,
    );
  }
  if (k > problem.groupRows.length) {
    throw new Error(
      `Expected k to be <= the number of groups, got k = ${k} with ${problem.groupRows.length} groups`,
    );
  }
  const tests = assign(problem, new Array<number>(k).fill(1 / k), seed);
  const n = problem.rows;
  return tests.map((test) => {
    const inTest = new Uint8Array(n);
    for (const r of test) inTest[r] = 1;
    const train = new Int32Array(n - test.length);
    let j = 0;
    for (let r = 0; r < n; r++) if (!inTest[r]) train[j++] = r;
    return { train, test };
  });
}

interface Problem {
  rows: number;
  classTotals: number[];
  groupRows: number[][];
  /** Per group: the classes it holds and how many rows of each. */
  groupClasses: number[][];
  groupCounts: number[][];
}

/** Checks that every row can be split (a class index and a group each); the number of classes. */
function checkRows(labels: ArrayLike<number>, groups: readonly string[] | null | undefined): number {
  const n = labels.length;
  if (n === 0) throw new Error('Expected at least one row to split, got none');
  if (groups && groups.length !== n) {
    throw new Error(`Expected one group per row, got ${groups.length} groups for ${n} labels`);
  }
  let nClasses = 0;
  for (let r = 0; r < n; r++) {
    const y = labels[r];
    if (!Number.isInteger(y) || y < 0) {
      throw new Error(
        `Expected labels to be class indices >= 0, got ${y} at row ${r} (unlabelled rows cannot be split)`,
      );
    }
    nClasses = Math.max(nClasses, y + 1);
  }
  return nClasses;
}

function prepare(labels: ArrayLike<number>, groups: readonly string[] | null | undefined): Problem {
  const n = labels.length;
  const nClasses = checkRows(labels, groups);
  const classTotals = new Array<number>(nClasses).fill(0);
  const index = new Map<string, number>();
  const groupRows: number[][] = [];
  for (let r = 0; r < n; r++) {
    classTotals[labels[r]]++;
    let g: number;
    if (groups) {
      const known = index.get(groups[r]);
      g = known ?? groupRows.length;
      if (known === undefined) index.set(groups[r], g);
    } else {
      g = r;
    }
    (groupRows[g] ??= []).push(r);
  }
  const groupClasses: number[][] = [];
  const groupCounts: number[][] = [];
  for (const rows of groupRows) {
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(labels[r], (counts.get(labels[r]) ?? 0) + 1);
    const classes = [...counts.keys()].sort((a, b) => a - b);
    groupClasses.push(classes);
    groupCounts.push(classes.map((c) => counts.get(c) ?? 0));
  }
  return { rows: n, classTotals, groupRows, groupClasses, groupCounts };
}

/** Greedy assignment of groups to parts with the given weights; returns each part's sorted rows. */
function assign(problem: Problem, weights: number[], seed: number): Int32Array[] {
  const { classTotals, groupRows, groupClasses, groupCounts } = problem;
  const parts = weights.length;
  const nClasses = classTotals.length;
  const present = classTotals.filter((n) => n > 0).length;

  // Seeded shuffle, then a stable sort by the spread of each group's class counts (sklearn orders by the
  // std over classes; K·Σc² − (Σc)² is K² times that variance, in exact integers).
  const order = createRng(seed).shuffle(Array.from(groupRows, (_, g) => g));
  const spread = groupCounts.map((counts) => {
    let sum = 0;
    let sumSq = 0;
    for (const c of counts) {
      sum += c;
      sumSq += c * c;
    }
    return present * sumSq - sum * sum;
  });
  order.sort((a, b) => spread[b] - spread[a]);

  const counts = Array.from({ length: parts }, () => new Float64Array(nClasses));
  const totals = new Float64Array(parts);
  const members: number[][] = Array.from({ length: parts }, () => []);
  const total = problem.rows;
  for (const g of order) {
    let best = -1;
    let bestCost = Infinity;
    let bestFill = Infinity;
    for (let p = 0; p < parts; p++) {
      if (weights[p] <= 0) continue;
      // Change in Σ_c ((count − target) / classTotal)² if the group joins part p.
      let cost = 0;
      groupClasses[g].forEach((c, j) => {
        const add = groupCounts[g][j];
        const y = classTotals[c];
        cost += (add * (2 * (counts[p][c] - weights[p] * y) + add)) / (y * y);
      });
      const fill = totals[p] - weights[p] * total;
      const tie = Math.abs(cost - bestCost) <= 1e-8 + 1e-5 * Math.abs(bestCost);
      if (best < 0 || (!tie && cost < bestCost) || (tie && fill < bestFill)) {
        best = p;
        bestCost = cost;
        bestFill = fill;
      }
    }
    groupClasses[g].forEach((c, j) => (counts[best][c] += groupCounts[g][j]));
    totals[best] += groupRows[g].length;
    members[best].push(g);
  }

  // On tiny data the greedy may leave a small part empty: give it the smallest group of the fullest part.
  for (let p = 0; p < parts; p++) {
    if (weights[p] <= 0 || members[p].length > 0) continue;
    let donor = -1;
    for (let q = 0; q < parts; q++) {
      if (members[q].length > 1 && (donor < 0 || totals[q] > totals[donor])) donor = q;
    }
    if (donor < 0) break;
    const list = members[donor];
    let pick = list.length - 1;
    for (let j = list.length - 1; j >= 0; j--)
      if (groupRows[list[j]].length < groupRows[list[pick]].length) pick = j;
    const [g] = list.splice(pick, 1);
    totals[donor] -= groupRows[g].length;
    totals[p] += groupRows[g].length;
    members[p].push(g);
  }

  return members.map((gs) => Int32Array.from(gs.flatMap((g) => groupRows[g])).sort());
}
