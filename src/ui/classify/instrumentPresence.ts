import type { UnitPrediction } from '../../core/predict/songUnits';
import { songInstruments, type SongInstruments } from '../../core/predict/songPresence';

export type { ClassPresence } from '../../core/predict/songPresence';

/** The song's instruments by the core rule (core/predict/songPresence.ts) from its 1-s windows. */
export function instrumentPresence(
  classNames: readonly string[],
  units: readonly UnitPrediction[],
): SongInstruments {
  return songInstruments(
    classNames,
    units.map((u) => u.probs),
  );
}
