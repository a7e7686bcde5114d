/**
 * A run's epoch events told apart by the model that reported them. A vote's models fit one after another, each
 * counting from 1 again: a network its epochs, a classic model its trees or rounds (as epochs with a NaN loss),
 * k-NN nothing. The curves follow one network, and the progress line names the model at work.
 */
import { isClassicFamily } from '../../../core/models/classic/families';
import { classicStepName } from '../../../core/models/classic/progress';
import type { MemberConfig, ModelConfig, ModelFamily } from '../../../core/models/config';
import type { EpochLog } from '../../../state/training';
import { FAMILY_LABELS } from '../configure/draft';

/** A network, trained in epochs (as against fitting in one pass, or keeping the rows as k-NN does). */
export const trainsInEpochs = (family: ModelFamily): boolean =>
  family !== 'knn' && family !== 'voting' && !isClassicFamily(family);

const modelsOf = (model: ModelConfig): MemberConfig[] => (model.family === 'voting' ? model.models : [model]);

/** Whether any model of the run trains in epochs, and so has curves. */
export const hasEpochs = (model: ModelConfig): boolean =>
  modelsOf(model).some((m) => trainsInEpochs(m.family));

export interface ModelSteps {
  family: ModelFamily;
  /** Which of the vote's models (0 for a single model). */
  index: number;
  events: EpochLog[];
}

/** The training-phase events of each model that has reported so far, in the order they fitted. */
export function stepsByModel(model: ModelConfig, epochs: readonly EpochLog[]): ModelSteps[] {
  const training = epochs.filter((e) => e.phase === 'train');
  if (model.family !== 'voting') {
    return training.length > 0 ? [{ family: model.family, index: 0, events: training }] : [];
  }
  const reporting = model.models.flatMap((m, index) =>
    m.family === 'knn' ? [] : [{ family: m.family, index }],
  );
  const steps: ModelSteps[] = [];
  let previous: EpochLog | undefined;
  for (const event of training) {
    const restarts = !previous || event.epoch <= previous.epoch || event.epochs !== previous.epochs;
    if (restarts && steps.length < reporting.length) steps.push({ ...reporting[steps.length], events: [] });
    steps[steps.length - 1].events.push(event);
    previous = event;
  }
  return steps;
}

const NO_EPOCHS: EpochLog[] = [];

/** The epochs the curves draw: all of a single model's; a vote's network at work, or its last one. */
export function curveEpochs(model: ModelConfig, epochs: EpochLog[]): EpochLog[] {
  if (model.family !== 'voting') return epochs;
  const networks = stepsByModel(model, epochs).filter((s) => trainsInEpochs(s.family));
  return networks.length > 0 ? networks[networks.length - 1].events : NO_EPOCHS;
}

/**
 * What each of a vote's models ran, once the run's events are all in: "Multilayer perceptron 5 epochs ·
 * Gradient-boosted trees 150 rounds" (k-NN reports nothing and is left out). Null for a single model.
 */
export function voteStepsText(model: ModelConfig, epochs: readonly EpochLog[]): string | null {
  if (model.family !== 'voting') return null;
  return stepsByModel(model, epochs)
    .map(({ family, events }) => {
      const done = events[events.length - 1].epoch;
      const step = (trainsInEpochs(family) ? 'Epoch' : classicStepName(family)).toLowerCase();
      return `${FAMILY_LABELS[family]} ${done} ${step}${done === 1 ? '' : 's'}`;
    })
    .join(' · ');
}

/** "Epoch 3 of 25", "Tree 12 of 40"; in a vote, which model: "Model 2 of 2 (Gradient-boosted trees): Round 5 of 100". */
export function progressText(model: ModelConfig, epochs: readonly EpochLog[]): string | null {
  const steps = stepsByModel(model, epochs);
  const current = steps[steps.length - 1];
  if (!current) return null;
  const last = current.events[current.events.length - 1];
  const step = trainsInEpochs(current.family) ? 'Epoch' : classicStepName(current.family);
  const text = `${step} ${last.epoch} of ${last.epochs}`;
  if (model.family !== 'voting') return text;
  return `Model ${current.index + 1} of ${model.models.length} (${FAMILY_LABELS[current.family]}): ${text}`;
}
