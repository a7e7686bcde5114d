import type { UnitPrediction } from '../../core/predict/songUnits';

/** A class counts as heard in a window when the model gives it at least this probability. */
export const PRESENCE_THRESHOLD = 0.5;
/** …and as present in the song when heard in at least this share of the sounding windows. */
export const PRESENCE_MIN_SHARE = 0.05;

export interface ClassPresence {
  name: string;
  index: number;
  /** Share of sounding windows where the class reaches PRESENCE_THRESHOLD. */
  share: number;
  /** Mean probability over sounding windows. */
  meanProb: number;
  present: boolean;
}

/** Per class, how much of the song it is heard in; present classes first, most heard first. */
export function instrumentPresence(
  classNames: readonly string[],
  units: readonly UnitPrediction[],
  threshold = PRESENCE_THRESHOLD,
  minShare = PRESENCE_MIN_SHARE,
): ClassPresence[] {
  const sounding = units.filter((u) => u.probs);
  const n = sounding.length;
  return classNames
    .map((name, index) => {
      let heard = 0;
      let sum = 0;
      for (const u of sounding) {
        const p = u.probs![index] ?? 0;
        sum += p;
        if (p >= threshold) heard++;
      }
      const share = n > 0 ? heard / n : 0;
      return {
        name,
        index,
        share,
        meanProb: n > 0 ? sum / n : 0,
        present: n > 0 && heard > 0 && share >= minShare,
      };
    })
    .sort((a, b) => Number(b.present) - Number(a.present) || b.share - a.share || b.meanProb - a.meanProb);
}
