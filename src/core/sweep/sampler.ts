/**
 * Drawing trial settings from a search space: random (seeded; log-uniform on log scales) or grid (every
 * combination of each parameter's grid points, visited in a seeded order, without repeats).
 */
import { createRng, type Rng } from '../random';
import { checkSpace, type ParamSpec, type ParamValue, type SearchSpace, type TrialSettings } from './space';

export type SamplerKind = 'random' | 'grid';
export const SAMPLERS: readonly SamplerKind[] = ['random', 'grid'];

/** Three significant digits: 0.0031 rather than 0.003108734…, the same on every run. */
export function roundSignificant(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(3));
}

function drawOne(spec: ParamSpec, rng: Rng): ParamValue {
  if (spec.kind === 'choice') return spec.values[rng.int(spec.values.length)];
  const u = rng.next();
  const x = spec.log
    ? Math.exp(Math.log(spec.min) + u * (Math.log(spec.max) - Math.log(spec.min)))
    : spec.min + u * (spec.max - spec.min);
  if (spec.kind === 'int') return Math.min(spec.max, Math.max(spec.min, Math.round(x)));
  return roundSignificant(x);
}

/** The values a grid visits for one parameter: a choice's values, or evenly spaced points (log-evenly on log scales). */
export function gridValues(spec: ParamSpec): ParamValue[] {
  if (spec.kind === 'choice') return [...spec.values];
  const n = spec.gridPoints ?? 3;
  const points: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = n === 1 ? 0.5 : i / (n - 1);
    const x = spec.log
      ? Math.exp(Math.log(spec.min) + t * (Math.log(spec.max) - Math.log(spec.min)))
      : spec.min + t * (spec.max - spec.min);
    points.push(spec.kind === 'int' ? Math.round(x) : roundSignificant(x));
  }
  // Integer points may coincide on a narrow range: keep each once.
  return [...new Set(points)];
}

/** How many combinations the full grid has. */
export function gridSize(space: SearchSpace): number {
  return space.params.reduce((n, p) => n * gridValues(p.spec).length, 1);
}

/** `count` distinct integers from [0, n) (Floyd's algorithm), in a seeded order. */
function distinctIndices(n: number, count: number, rng: Rng): number[] {
  const chosen = new Set<number>();
  for (let j = n - count; j < n; j++) {
    const t = Math.floor(rng.next() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return rng.shuffle([...chosen]);
}

/**
 * `trials` settings drawn from `space`. Random: independent draws. Grid: distinct grid points, all of them when
 * `trials` >= the grid's size (then exactly the grid's size come back), else a seeded selection of them.
 */
export function sampleTrials(
  space: SearchSpace,
  sampler: SamplerKind,
  trials: number,
  seed: number,
): TrialSettings[] {
  checkSpace(space);
  if (!Number.isInteger(trials) || trials < 1 || trials > 10_000) {
    throw new Error(`Expected trials to be an integer in [1, 10000], got ${trials}`);
  }
  const rng = createRng(seed);
  if (sampler === 'random') {
    return Array.from({ length: trials }, () => {
      const settings: TrialSettings = {};
      for (const p of space.params) settings[p.name] = drawOne(p.spec, rng);
      return settings;
    });
  }
  if (sampler !== 'grid')
    throw new Error(`Expected sampler to be one of ${SAMPLERS.join(', ')}, got "${String(sampler)}"`);
  const axes = space.params.map((p) => gridValues(p.spec));
  const size = axes.reduce((n, a) => n * a.length, 1);
  if (!Number.isSafeInteger(size)) throw new Error(`The ${space.family} grid is too large to enumerate`);
  const indices = distinctIndices(size, Math.min(trials, size), rng);
  return indices.map((index) => {
    // Mixed-radix digits of the index pick one value per axis.
    const settings: TrialSettings = {};
    let rest = index;
    space.params.forEach((p, i) => {
      settings[p.name] = axes[i][rest % axes[i].length];
      rest = Math.floor(rest / axes[i].length);
    });
    return settings;
  });
}
