import { ACTIVATIONS, type ModelFamily } from '../../../core/models/config';
import { modelFields } from './draft';
import { ClassicFields } from './ClassicFields';
import { VotingFields } from './VotingFields';
import { extraModelFields, type ExtraField } from './extraFields';
import {
  CheckField,
  DraftContext,
  ListField,
  NumberField,
  SelectField,
  SizeField,
  TextField,
} from './fields';
import { useContext } from 'react';

const ACTIVATION_OPTIONS = ACTIVATIONS.map((a) => [a, a] as const);
const NO_MAXOUT = ACTIVATION_OPTIONS.filter(([a]) => a !== 'maxout');
const HEAD_OPTIONS = [
  ['global-average', 'Global average pooling'],
  ['flatten', 'Flatten'],
] as const;
const CELL_OPTIONS = [
  ['gru', 'GRU'],
  ['lstm', 'LSTM'],
] as const;
const WEIGHTING_OPTIONS = [
  ['distance', 'By 1 / distance'],
  ['uniform', 'Uniform'],
] as const;
const METRIC_OPTIONS = [
  ['euclidean', 'Euclidean'],
  ['cosine', 'Cosine'],
] as const;

/** The conv blocks of a CNN, one row each, with add / remove. */
function ConvBlocks({ family }: { family: 'cnn1d' | 'cnn2d' }) {
  const api = useContext(DraftContext)!;
  const blocks = (modelFields(api.draft).blocks as Record<string, unknown>[] | undefined) ?? [];
  const template =
    family === 'cnn2d'
      ? { filters: 32, kernel: 3, pool: 2, dropout: 0.1 }
      : { filters: 32, kernel: 3, stride: 1, pool: 2, dropout: 0.1 };
  return (
    <fieldset className="blocks">
      <legend>Convolution blocks</legend>
      {blocks.map((_, i) => (
        <div className="blocks__row" key={i}>
          <span className="blocks__index">{i + 1}</span>
          <NumberField path={`model.blocks.${i}.filters`} label="Filters" />
          {family === 'cnn2d' ? (
            <SizeField path={`model.blocks.${i}.kernel`} label="Kernel" />
          ) : (
            <NumberField path={`model.blocks.${i}.kernel`} label="Kernel" />
          )}
          {family === 'cnn1d' && <NumberField path={`model.blocks.${i}.stride`} label="Stride" />}
          {family === 'cnn2d' ? (
            <SizeField path={`model.blocks.${i}.pool`} label="Max-pool" />
          ) : (
            <NumberField path={`model.blocks.${i}.pool`} label="Max-pool" />
          )}
          <NumberField path={`model.blocks.${i}.dropout`} label="Dropout" />
          <button
            type="button"
            className="button button--quiet"
            aria-label={`Remove block ${i + 1}`}
            onClick={() =>
              api.set(
                'model.blocks',
                blocks.filter((__, j) => j !== i),
              )
            }
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button--quiet"
        onClick={() => api.set('model.blocks', [...blocks, template])}
      >
        + Add a block
      </button>
    </fieldset>
  );
}

/** Every option of the chosen model family (see src/core/models/config.ts): laid out by hand, then the rest. */
export function ModelFields({ family }: { family: ModelFamily }) {
  return (
    <>
      <FamilyFields family={family} />
      {extraModelFields(family).map((field) => (
        <ExtraFieldInput key={field.key} path={`model.${field.key}`} field={field} />
      ))}
    </>
  );
}

/** An option without a hand-made field, by the type of its default value. */
export function ExtraFieldInput({ path, field }: { path: string; field: ExtraField }) {
  switch (field.kind) {
    case 'number':
      return <NumberField path={path} label={field.label} />;
    case 'boolean':
      return <CheckField path={path} label={field.label} />;
    case 'list':
      return <ListField path={path} label={field.label} />;
    case 'text':
      return <TextField path={path} label={field.label} />;
  }
}

/** The convolutional families: their blocks, then the dense layers, activation and regularisation after them. */
function ConvFields({ family }: { family: 'cnn1d' | 'cnn2d' }) {
  return (
    <>
      <ConvBlocks family={family} />
      {family === 'cnn2d' && <SelectField path="model.head" label="Head" options={HEAD_OPTIONS} />}
      <ListField
        path="model.dense"
        label="Dense layers after the convolutions"
        hint="comma-separated; may be empty"
      />
      <SelectField path="model.activation" label="Activation" options={NO_MAXOUT} />
      <NumberField path="model.dropout" label="Dropout (dense layers)" />
      <NumberField path="model.l2" label="L2 penalty" />
      <CheckField path="model.batchNorm" label="Batch normalisation" />
    </>
  );
}

function FamilyFields({ family }: { family: ModelFamily }) {
  const api = useContext(DraftContext)!;
  switch (family) {
    case 'logistic':
      return <NumberField path="model.l2" label="L2 penalty" />;
    case 'mlp':
      return (
        <>
          <ListField path="model.hidden" label="Hidden layer widths" />
          <SelectField path="model.activation" label="Activation" options={ACTIVATION_OPTIONS} />
          {modelFields(api.draft).activation === 'maxout' && (
            <NumberField path="model.maxoutPieces" label="Maxout pieces" />
          )}
          <NumberField path="model.dropout" label="Dropout" hint="after each hidden layer, in [0, 1)" />
          <NumberField path="model.inputDropout" label="Input dropout" />
          <NumberField path="model.l2" label="L2 penalty" />
          <CheckField path="model.batchNorm" label="Batch normalisation" />
          <NumberField
            path="model.members"
            label="Ensemble members"
            hint="nets trained side by side, probabilities averaged"
          />
        </>
      );
    case 'cnn2d':
    case 'cnn1d':
      return <ConvFields family={family} />;
    case 'rnn':
      return (
        <>
          <SelectField path="model.cell" label="Cell" options={CELL_OPTIONS} />
          <ListField path="model.units" label="Units per recurrent layer" />
          <CheckField path="model.bidirectional" label="Bidirectional" />
          <ListField path="model.dense" label="Dense layers after" hint="comma-separated; may be empty" />
          <NumberField path="model.dropout" label="Dropout" />
          <NumberField path="model.l2" label="L2 penalty" />
        </>
      );
    case 'knn':
      return (
        <>
          <NumberField path="model.k" label="Neighbours (k)" />
          <SelectField path="model.weighting" label="Vote weighting" options={WEIGHTING_OPTIONS} />
          <SelectField path="model.metric" label="Distance" options={METRIC_OPTIONS} />
        </>
      );
    case 'random-forest':
    case 'gradient-boosting':
    case 'svm':
    case 'naive-bayes':
    case 'decision-tree':
      return <ClassicFields family={family} />;
    case 'voting':
      return <VotingFields />;
    case 'autoencoder':
      return (
        <>
          <ListField
            path="model.encoder"
            label="Encoder widths"
            hint="the decoder mirrors them; the last is the code"
          />
          <SelectField path="model.activation" label="Activation" options={NO_MAXOUT} />
          <NumberField path="model.inputNoise" label="Input noise (denoising dropout)" />
          <NumberField path="model.pretrainEpochs" label="Pretraining epochs (no labels)" />
          <CheckField path="model.freezeEncoder" label="Freeze the encoder while the head trains" />
          <ListField path="model.head" label="Classifier head widths" hint="comma-separated; may be empty" />
          <NumberField path="model.dropout" label="Dropout (head)" />
          <NumberField path="model.l2" label="L2 penalty" />
        </>
      );
  }
}
