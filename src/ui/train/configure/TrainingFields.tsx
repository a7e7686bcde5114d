import { useContext } from 'react';
import {
  defaultOptimizer,
  defaultSchedule,
  OPTIMIZER_TYPES,
  SCHEDULE_TYPES,
  type OptimizerType,
  type ScheduleType,
} from '../../../core/train/config';
import { draftValue } from './draft';
import { extraTrainingFields } from './extraFields';
import { ExtraFieldInput } from './ModelFields';
import { CheckField, DraftContext, NumberField, SelectField, ToggleField } from './fields';

const OPTIMIZER_LABELS: Record<OptimizerType, string> = {
  sgd: 'SGD (with momentum)',
  adam: 'Adam',
  rmsprop: 'RMSprop',
  adagrad: 'Adagrad',
};
const SCHEDULE_LABELS: Record<ScheduleType, string> = {
  constant: 'Constant',
  step: 'Step decay',
  exponential: 'Exponential decay',
  cosine: 'Cosine (with warm-up)',
};

/** Optimiser, learning-rate schedule, epochs, batches, early stopping, class weights, seed. */
const CLASS_WEIGHT_OPTIONS = [
  ['none', 'None'],
  ['balanced', 'Balanced (rare classes weigh more)'],
] as const;

export function TrainingFields() {
  const api = useContext(DraftContext)!;
  const optimizer = draftValue(api.draft, 'training.optimizer.type') as OptimizerType;
  const schedule = draftValue(api.draft, 'training.schedule.type') as ScheduleType;
  const early = draftValue(api.draft, 'training.earlyStopping');
  return (
    <>
      <SelectField
        path="training.optimizer.type"
        label="Optimiser"
        options={OPTIMIZER_TYPES.map((t) => [t, OPTIMIZER_LABELS[t]] as const)}
        onChange={(type) => api.set('training.optimizer', defaultOptimizer(type as OptimizerType))}
      />
      <NumberField path="training.optimizer.learningRate" label="Learning rate" />
      {optimizer === 'sgd' && (
        <>
          <NumberField path="training.optimizer.momentum" label="Momentum" />
          <CheckField path="training.optimizer.nesterov" label="Nesterov momentum" />
        </>
      )}
      {optimizer === 'adam' && (
        <>
          <NumberField path="training.optimizer.beta1" label="β₁" />
          <NumberField path="training.optimizer.beta2" label="β₂" />
        </>
      )}
      {optimizer === 'rmsprop' && (
        <>
          <NumberField path="training.optimizer.decay" label="Decay" />
          <NumberField path="training.optimizer.momentum" label="Momentum" />
        </>
      )}
      <SelectField
        path="training.schedule.type"
        label="Learning-rate schedule"
        options={SCHEDULE_TYPES.map((t) => [t, SCHEDULE_LABELS[t]] as const)}
        onChange={(type) => api.set('training.schedule', defaultSchedule(type as ScheduleType))}
      />
      {schedule === 'step' && (
        <>
          <NumberField path="training.schedule.every" label="Every (epochs)" />
          <NumberField path="training.schedule.factor" label="Factor" />
        </>
      )}
      {schedule === 'exponential' && <NumberField path="training.schedule.gamma" label="Gamma per epoch" />}
      {schedule === 'cosine' && (
        <>
          <NumberField path="training.schedule.minLearningRate" label="Final learning rate" />
          <NumberField path="training.schedule.warmupEpochs" label="Warm-up epochs" />
        </>
      )}
      <NumberField path="training.epochs" label="Epochs" />
      <NumberField path="training.batchSize" label="Batch size" />
      <ToggleField
        path="training.earlyStopping"
        label="Early stopping (keeps the best validation epoch)"
        on={{ patience: 6, minDelta: 0 }}
      />
      {early !== null && early !== undefined && (
        <>
          <NumberField path="training.earlyStopping.patience" label="Patience (epochs)" />
          <NumberField path="training.earlyStopping.minDelta" label="Smallest improvement" />
        </>
      )}
      <SelectField path="training.classWeights" label="Class weights" options={CLASS_WEIGHT_OPTIONS} />
      <NumberField
        path="training.labelSmoothing"
        label="Label smoothing"
        hint="targets 1 − ε and ε / classes; 0 = off"
      />
      <NumberField path="training.seed" label="Training seed" hint="shuffles, dropout, augmentation" />
      {extraTrainingFields().map((field) => (
        <ExtraFieldInput key={field.key} path={`training.${field.key}`} field={field} />
      ))}
    </>
  );
}
