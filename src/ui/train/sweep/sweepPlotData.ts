/** What the search panel's table and plots show, from the search report: plain data, no React. */
import { formatValue } from '../../../core/sweep/configs';
import type { SweepReport, SweepTrial } from '../../../core/sweep/search';
import type { SearchParam } from '../../../core/sweep/space';

export const STATUS_TEXT: Record<SweepTrial['status'], string> = {
  pending: 'waiting',
  running: 'running',
  stopped: 'stopped early',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

export interface SettingPoint {
  /** The setting's value on the x axis: the number, or a choice's index. */
  x: number;
  /** The figure the search ranks by (accuracy, or ROC AUC), on the y axis. */
  score: number;
  trial: number;
  status: SweepTrial['status'];
  label: string;
}

export interface SettingPlot {
  name: string;
  /** What `score` is, for the y axis and tooltips. */
  scoreName: 'accuracy' | 'ROC AUC';
  /** Numbers: a linear or log axis; choices: one tick per value. */
  axis: 'linear' | 'log' | 'category';
  categories: string[];
  /** The searched range of a number (the axis spans it all, not only the values drawn so far). */
  domain: [number, number];
  /** Axis ticks: the range's ends and, on a log axis, the powers of ten between. */
  ticks: number[];
  points: SettingPoint[];
}

function axisTicks(min: number, max: number, log: boolean): number[] {
  if (!log) return [min, (min + max) / 2, max].map((x) => Number(x.toPrecision(3)));
  const ticks: number[] = [];
  for (let e = Math.ceil(Math.log10(min)); e <= Math.floor(Math.log10(max)); e++)
    ticks.push(Number(`1e${e}`));
  return ticks.length >= 2 ? ticks : [min, max];
}

/** One scatter per setting: each scored trial's value of it against the figure it was ranked by. */
export function settingPlots(report: SweepReport, params: readonly SearchParam[]): SettingPlot[] {
  const auc = report.objective === 'auc';
  const scoreName = auc ? 'ROC AUC' : 'accuracy';
  const scoreOf = (t: SweepTrial) => (auc ? (t.auc ?? null) : t.accuracy);
  return params.map((param) => {
    const spec = param.spec;
    const categories = spec.kind === 'choice' ? spec.values.map(formatValue) : [];
    const points = report.trials
      .filter((t) => scoreOf(t) !== null)
      .map((t): SettingPoint => {
        const value = t.settings[param.name];
        const label = formatValue(value);
        return {
          x: spec.kind === 'choice' ? categories.indexOf(label) : (value as number),
          score: scoreOf(t)!,
          trial: t.trial,
          status: t.status,
          label,
        };
      });
    if (spec.kind === 'choice') {
      const last = categories.length - 1;
      return {
        name: param.name,
        scoreName,
        axis: 'category',
        categories,
        domain: [-0.5, last + 0.5],
        ticks: categories.map((_, i) => i),
        points,
      };
    }
    const log = spec.log === true;
    return {
      name: param.name,
      scoreName,
      axis: log ? 'log' : 'linear',
      categories,
      domain: [spec.min, spec.max],
      ticks: axisTicks(spec.min, spec.max, log),
      points,
    };
  });
}
