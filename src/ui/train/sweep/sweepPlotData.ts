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
  accuracy: number;
  trial: number;
  status: SweepTrial['status'];
  label: string;
}

export interface SettingPlot {
  name: string;
  /** Numbers: a linear or log axis; choices: one tick per value. */
  axis: 'linear' | 'log' | 'category';
  categories: string[];
  points: SettingPoint[];
}

/** One scatter per setting: each scored trial's value of it against its accuracy. */
export function settingPlots(report: SweepReport, params: readonly SearchParam[]): SettingPlot[] {
  return params.map((param) => {
    const spec = param.spec;
    const categories = spec.kind === 'choice' ? spec.values.map(formatValue) : [];
    const points = report.trials
      .filter((t) => t.accuracy !== null)
      .map((t): SettingPoint => {
        const value = t.settings[param.name];
        const label = formatValue(value);
        return {
          x: spec.kind === 'choice' ? categories.indexOf(label) : (value as number),
          accuracy: t.accuracy!,
          trial: t.trial,
          status: t.status,
          label,
        };
      });
    const axis = spec.kind === 'choice' ? 'category' : spec.log ? 'log' : 'linear';
    return { name: param.name, axis, categories, points };
  });
}
