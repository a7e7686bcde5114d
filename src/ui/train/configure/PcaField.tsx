import { describePcaOption, parsePcaOption } from '../../../core/train/pcaReduce';
import { useAppStore } from '../../../state/store';

/** What the typed PCA setting means, or why it is refused; null when PCA is off. */
export function readPcaSetting(
  text: string,
): { option: ReturnType<typeof parsePcaOption> } | { error: string } | null {
  const t = text.trim();
  if (t === '' || t.toLowerCase() === 'off') return null;
  try {
    return { option: parsePcaOption(t, 'PCA') };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Optional PCA between the standardiser and the model, for feature vectors (not log-mel patches). */
export function PcaField() {
  const text = useAppStore((s) => s.trainPca);
  const setText = useAppStore((s) => s.setTrainPca);
  const read = readPcaSetting(text);
  return (
    <fieldset className="config-group">
      <legend>Dimensionality</legend>
      <div className="field">
        <label className="field__label" htmlFor="train-pca">
          PCA before the model
        </label>
        <input
          id="train-pca"
          className="field__input"
          type="text"
          inputMode="decimal"
          placeholder="off"
          value={text}
          data-testid="train.pca"
          aria-invalid={read !== null && 'error' in read}
          onChange={(event) => setText(event.target.value)}
        />
        <span className="field__hint muted" data-testid="train.pca-hint">
          {read === null
            ? 'Off. Type a number of components (16) or a share of variance to keep (0.95); fitted on the training rows only.'
            : 'error' in read
              ? read.error
              : `${describePcaOption(read.option)}, fitted on the standardised training rows and kept in the model.`}
        </span>
      </div>
    </fieldset>
  );
}
