import { useContext } from 'react';
import { draftValue, DEFAULT_AUGMENT } from './draft';
import { DraftContext, FieldNotes, ListField, NumberField } from './fields';

/** Altered copies of each training clip (never validation or test): shift, gain, noise, speed. */
export function AugmentFields() {
  const api = useContext(DraftContext)!;
  const augment = api.draft.augment;
  const errors = api.errors.filter((e) => e.path === 'augment');
  const noise = augment ? draftValue(api.draft, 'augment.noiseSnrDb') : null;
  const speed = augment ? draftValue(api.draft, 'augment.speed') : null;
  return (
    <fieldset className="config-group" data-testid="train.augment">
      <legend>Augmentation (audio)</legend>
      <label className="field field--check">
        <span>
          <input
            type="checkbox"
            checked={augment !== null}
            data-testid="train.augment-on"
            onChange={(event) =>
              api.set('augment', event.target.checked ? (structuredClone(DEFAULT_AUGMENT) as unknown) : null)
            }
          />{' '}
          Add altered copies of each training clip
        </span>
      </label>
      {augment && (
        <div className="config-grid">
          <NumberField path="augment.copies" label="Copies per clip" hint="0 … 8" />
          <NumberField path="augment.maxShiftSeconds" label="Time shift, ± s" />
          <NumberField path="augment.gainDb" label="Gain, ± dB" />
          <label className="field field--check">
            <span>
              <input
                type="checkbox"
                checked={noise !== null}
                onChange={(event) => api.set('augment.noiseSnrDb', event.target.checked ? [20, 40] : null)}
              />{' '}
              White noise
            </span>
          </label>
          {noise !== null && (
            <>
              <ListField path="augment.noiseSnrDb" label="Noise SNR, dB (min, max)" hint="e.g. 20, 40" />
              <NumberField path="augment.noiseProbability" label="Noise probability" />
            </>
          )}
          <label className="field field--check">
            <span>
              <input
                type="checkbox"
                checked={speed !== null}
                onChange={(event) => api.set('augment.speed', event.target.checked ? [0.94, 1.06] : null)}
              />{' '}
              Speed change (tape-style: pitch moves too)
            </span>
          </label>
          {speed !== null && (
            <>
              <ListField path="augment.speed" label="Speed factor (min, max)" hint="1.06 ≈ a semitone up" />
              <NumberField path="augment.speedProbability" label="Speed probability" />
            </>
          )}
        </div>
      )}
      <FieldNotes errors={errors} />
    </fieldset>
  );
}
