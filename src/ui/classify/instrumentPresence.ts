import type { UnitPrediction } from '../../core/predict/songUnits';
import { songInstrumentsOfUnits, type SongInstruments } from '../../core/predict/songPresence';

export type { ClassPresence } from '../../core/predict/songPresence';

/**
 * The song's instruments by the core rule (core/predict/songPresence.ts) from its 1-s windows: windows the
 * model's novelty rule marks as unlike its training data (a pure tone) are left out, and a song that is mostly
 * such windows lists nothing and says why.
 */
export function instrumentPresence(
  classNames: readonly string[],
  units: readonly UnitPrediction[],
): SongInstruments {
  return songInstrumentsOfUnits(classNames, units);
}
