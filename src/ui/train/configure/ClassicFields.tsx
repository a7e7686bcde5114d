import { CLASSIC_OPTIONS, type ClassicFamily } from '../../../core/models/classic/families';
import { NumberField, SelectField } from './fields';

const LABELS: Record<string, string> = {
  nEstimators: 'Trees / rounds',
  maxDepth: 'Max depth (0 = none)',
  minSamplesSplit: 'Min rows to split',
  minSamplesLeaf: 'Min rows per leaf',
  maxFeatures: 'Columns per split',
  bootstrap: 'Bootstrap rows',
  classWeight: 'Class weights',
  seed: 'Seed',
  learningRate: 'Learning rate',
  subsample: 'Row subsample',
  kernel: 'Kernel',
  C: 'C (penalty)',
  gamma: 'Gamma (0 = 1 / columns)',
  tolerance: 'Tolerance',
  varSmoothing: 'Variance smoothing',
};

/** A classic family's options, laid out from their specs: numbers as number fields, choices as selects. */
export function ClassicFields({ family }: { family: ClassicFamily }) {
  return (
    <>
      {Object.entries(CLASSIC_OPTIONS[family]).map(([key, spec]) => {
        const label =
          key === 'nEstimators' && family === 'gradient-boosting' ? 'Boosting rounds' : (LABELS[key] ?? key);
        return spec.kind === 'choice' ? (
          <SelectField
            key={key}
            path={`model.${key}`}
            label={label}
            hint={spec.help}
            options={spec.choices.map((c) => [c, c] as const)}
          />
        ) : (
          <NumberField
            key={key}
            path={`model.${key}`}
            label={label}
            hint={`${spec.help}; ${spec.min} to ${spec.max}`}
          />
        );
      })}
    </>
  );
}
