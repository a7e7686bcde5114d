import { describe, expect, it } from 'vitest';
import { defaultModelConfig, parseModelConfig } from '../../../core/models/config';
import type { EpochLog } from '../../../state/training';
import { curveEpochs, hasEpochs, progressText, stepsByModel, voteStepsText } from './modelSteps';

function event(epoch: number, epochs: number, loss: number): EpochLog {
  return { phase: 'train', epoch, epochs, loss, acc: null, valLoss: null, valAcc: null, lr: 0, seconds: 1 };
}
const epochsOf = (n: number, total: number) => Array.from({ length: n }, (_, i) => event(i + 1, total, 0.5));
const roundsOf = (n: number, total: number) => Array.from({ length: n }, (_, i) => event(i + 1, total, NaN));

const vote = parseModelConfig({
  family: 'voting',
  models: [
    { family: 'mlp' },
    { family: 'knn' },
    { family: 'gradient-boosting', nEstimators: 3 },
    { family: 'naive-bayes' },
  ],
});

describe("a run's epoch events by model", () => {
  it("splits a vote's events by the model that reported them, k-NN reporting none", () => {
    // The network stopped early (3 of 5 epochs), then boosting's rounds, then naive Bayes' one step.
    const events = [...epochsOf(3, 5), ...roundsOf(3, 3), ...roundsOf(1, 1)];
    const steps = stepsByModel(vote, events);
    expect(steps.map((s) => [s.family, s.index, s.events.length])).toEqual([
      ['mlp', 0, 3],
      ['gradient-boosting', 2, 3],
      ['naive-bayes', 3, 1],
    ]);
    // The curves draw the network's epochs only, never a NaN loss.
    expect(curveEpochs(vote, events)).toEqual(epochsOf(3, 5));
    expect(progressText(vote, events.slice(0, 2))).toBe('Model 1 of 4 (Multilayer perceptron): Epoch 2 of 5');
    expect(progressText(vote, events.slice(0, 5))).toBe(
      'Model 3 of 4 (Gradient-boosted trees): Round 2 of 3',
    );
    // Once fitted, what each model ran (k-NN reports nothing).
    expect(voteStepsText(vote, events)).toBe(
      'Multilayer perceptron 3 epochs · Gradient-boosted trees 3 rounds · Gaussian naive Bayes 1 step',
    );
    expect(voteStepsText(parseModelConfig({ family: 'mlp' }), epochsOf(3, 5))).toBeNull();
  });

  it('keeps a single model as it was: every event, "Epoch" for a network and "Tree" for a forest', () => {
    const mlp = defaultModelConfig('mlp');
    const events = epochsOf(2, 25);
    expect(curveEpochs(mlp, events)).toBe(events);
    expect(progressText(mlp, events)).toBe('Epoch 2 of 25');
    expect(progressText(defaultModelConfig('random-forest'), roundsOf(4, 40))).toBe('Tree 4 of 40');
    expect(progressText(mlp, [])).toBeNull();
  });

  it('has curves only where a model trains in epochs', () => {
    expect(hasEpochs(vote)).toBe(true);
    expect(hasEpochs(defaultModelConfig('mlp'))).toBe(true);
    expect(hasEpochs(defaultModelConfig('knn'))).toBe(false);
    expect(hasEpochs(defaultModelConfig('svm'))).toBe(false);
    const classics = parseModelConfig({ family: 'voting', models: [{ family: 'svm' }, { family: 'knn' }] });
    expect(hasEpochs(classics)).toBe(false);
    expect(curveEpochs(classics, roundsOf(1, 1))).toEqual([]);
  });
});
