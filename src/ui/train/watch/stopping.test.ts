import { describe, expect, it } from 'vitest';
import { parseModelConfig } from '../../../core/models/config';
import { DEFAULT_TRAIN_CONFIG } from '../../../core/train/config';
import type { RunRecord } from '../../../state/training';
import { stoppingFacts } from './stopping';

function run(
  family: string,
  epochsRun: number,
  stopReason: 'completed' | 'early-stopped',
  bestEpoch: number | null,
): Pick<RunRecord, 'config' | 'epochs' | 'result'> {
  return {
    config: {
      model: { family },
      training: { ...DEFAULT_TRAIN_CONFIG, epochs: 50, earlyStopping: { patience: 5, minDelta: 0 } },
    },
    epochs: Array.from({ length: epochsRun }, (_, e) => ({ epoch: e + 1 })),
    result: { stopReason, bestEpoch },
  } as unknown as Pick<RunRecord, 'config' | 'epochs' | 'result'>;
}

describe('stoppingFacts', () => {
  it('says "stopped early" only when early stopping cut the run short, with the best epoch', () => {
    expect(stoppingFacts(run('mlp', 23, 'early-stopped', 18))).toEqual({
      label: 'Stopped early',
      text: 'at epoch 23 of 50 (best 18): no better validation loss in 5 epochs',
    });
  });

  it('says a run that went the distance ran all its epochs, and which weights it kept', () => {
    expect(stoppingFacts(run('mlp', 50, 'completed', 41))).toEqual({
      label: 'Epochs',
      text: "all 50 run; kept epoch 41's weights (lowest validation loss)",
    });
    expect(stoppingFacts(run('cnn2d', 50, 'completed', null))).toEqual({
      label: 'Epochs',
      text: 'all 50 run',
    });
    expect(stoppingFacts(run('mlp', 50, 'completed', 50))?.text).toBe('all 50 run');
  });

  it("counts a vote's network epochs, not its boosting rounds", () => {
    const vote = run('voting', 0, 'completed', null);
    const rounds = Array.from({ length: 40 }, (_, e) => ({
      phase: 'train',
      epoch: e + 1,
      epochs: 40,
      loss: NaN,
    }));
    const epochs = Array.from({ length: 50 }, (_, e) => ({
      phase: 'train',
      epoch: e + 1,
      epochs: 50,
      loss: 1,
    }));
    vote.config = { ...vote.config, model: parseModelConfig({ family: 'voting' }) };
    expect(stoppingFacts({ ...vote, epochs: [...epochs, ...rounds] as typeof vote.epochs })).toEqual({
      label: 'Epochs',
      text: 'all 50 run',
    });
    const classics = parseModelConfig({ family: 'voting', models: [{ family: 'svm' }, { family: 'knn' }] });
    expect(stoppingFacts({ ...vote, config: { ...vote.config, model: classics } })).toEqual({
      label: 'Training',
      text: 'no epochs: none of the models is a network',
    });
  });

  it('says k-NN has no epochs, and nothing before a result', () => {
    expect(stoppingFacts(run('knn', 0, 'completed', null))).toEqual({
      label: 'Training',
      text: 'no epochs: k-NN keeps the training rows',
    });
    expect(stoppingFacts({ ...run('mlp', 3, 'completed', null), result: undefined })).toBeNull();
  });
});
