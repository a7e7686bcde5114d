/**
 * Which 1-s windows the instruments model is asked about. "Nothing playing" is a rule on level, not a class:
 * a window whose loudest frame is below SILENCE_DBFS is silent, whatever the model would say. Training and
 * scoring also skip the quiet ends of a recording (windows far below its loudest), where a note has died away.
 */
import { framesSpec, type FrameWindow } from '../features/frames';

/** A window is silent when even its loudest frame's RMS is below this, dBFS (a quiet room through a mic). */
export const SILENCE_DBFS = -55;

const RMS_MAX = framesSpec.columns.indexOf('rms_max');
const RMS_MEAN = framesSpec.columns.indexOf('rms_mean');

/** A `frames` row, or a row of a set that starts with the `frames` columns (`timbre`). */
function checkRow(row: ArrayLike<number>): void {
  if (row.length < framesSpec.columns.length) {
    throw new Error(
      `Expected a row starting with the ${framesSpec.columns.length} frames values, got ${row.length} values`,
    );
  }
}

/** True when nothing is playing in the window (its loudest frame is under SILENCE_DBFS). */
export function isSilentWindow(row: ArrayLike<number>): boolean {
  checkRow(row);
  return !(row[RMS_MAX] >= 10 ** (SILENCE_DBFS / 20));
}

/** The window's level: its mean frame RMS in dBFS (−Infinity for digital silence). */
export function windowLevelDb(row: ArrayLike<number>): number {
  checkRow(row);
  return 20 * Math.log10(row[RMS_MEAN]);
}

/**
 * The windows where something sounds: not silent, and within `rangeDb` (default 30) of the clip's loudest
 * window, so that a note's long decay into the noise floor is not taken for the instrument.
 */
export function soundingWindows(windows: readonly FrameWindow[], rangeDb = 30): FrameWindow[] {
  if (!(Number.isFinite(rangeDb) && rangeDb > 0)) throw new Error(`Expected rangeDb > 0, got ${rangeDb}`);
  let loudest = -Infinity;
  for (const w of windows) loudest = Math.max(loudest, windowLevelDb(w.values));
  return windows.filter((w) => !isSilentWindow(w.values) && windowLevelDb(w.values) >= loudest - rangeDb);
}
