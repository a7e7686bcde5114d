import {
  AUDIO_FEATURE_SETS,
  meydaFeatureKey,
  meydaOptionsOf,
  type AudioFeatureSet,
} from '../../../core/features/audioSets';
import { MEYDA_BUFFER_SIZES, MEYDA_HOPS } from '../../../core/features/meyda';

const FEATURE_SET_LABELS: Record<string, string> = {
  frames: 'Frame features, one row per 1-s window (280 columns)',
  timbre: 'Frame features and timbre (pitch, harmonics, contrast, envelope), per 1-s window (354 columns)',
  'gtzan-librosa': 'GTZAN / librosa features, one row per clip (57 columns)',
  logmel: 'Log-mel patches of 3 s, for the CNN family (130 × 128)',
  meyda: "Meyda's extractors by Meyda's names, one row per 1-s window (78 columns, slower)",
};

/** The Train view's choice of feature set; for Meyda, its buffer size and hop too. */
export function FeatureSetPicker(props: {
  value: AudioFeatureSet;
  onChange: (set: AudioFeatureSet) => void;
}) {
  const { value, onChange } = props;
  const meyda = meydaOptionsOf(value);
  return (
    <>
      <label className="field field--inline">
        <span className="field__label">Features</span>
        <select
          className="field__input"
          value={meyda ? 'meyda' : value}
          data-testid="train.feature-set"
          onChange={(event) => onChange(event.target.value as AudioFeatureSet)}
        >
          {AUDIO_FEATURE_SETS.map((set) => (
            <option key={set} value={set}>
              {FEATURE_SET_LABELS[set] ?? set}
            </option>
          ))}
        </select>
      </label>
      {meyda && (
        <>
          <label className="field field--inline">
            <span className="field__label">Meyda buffer size</span>
            <select
              className="field__input"
              value={meyda.bufferSize}
              data-testid="train.meyda-buffer"
              onChange={(event) => {
                const bufferSize = Number(event.target.value);
                onChange(meydaFeatureKey({ bufferSize, hop: Math.min(meyda.hop, bufferSize) }));
              }}
            >
              {MEYDA_BUFFER_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n} samples ({Math.round((n / 22050) * 1000)} ms)
                </option>
              ))}
            </select>
          </label>
          <label className="field field--inline">
            <span className="field__label">Hop</span>
            <select
              className="field__input"
              value={meyda.hop}
              data-testid="train.meyda-hop"
              onChange={(event) =>
                onChange(meydaFeatureKey({ bufferSize: meyda.bufferSize, hop: Number(event.target.value) }))
              }
            >
              {MEYDA_HOPS.filter((h) => h <= meyda.bufferSize).map((h) => (
                <option key={h} value={h}>
                  {h} samples
                </option>
              ))}
            </select>
          </label>
        </>
      )}
    </>
  );
}
