import type { RunRecord } from '../../../state/training';
import { curveEpochs, hasEpochs } from './modelSteps';

/**
 * How a finished run's training ended, in words that say what happened: "stopped early" only when early
 * stopping cut the run short; otherwise how many epochs ran and which epoch's weights were kept.
 */
export function stoppingFacts(run: Pick<RunRecord, 'config' | 'epochs' | 'result'>): {
  label: string;
  text: string;
} | null {
  const result = run.result;
  if (!result) return null;
  const model = run.config.model;
  if (model.family === 'knn') {
    return { label: 'Training', text: 'no epochs: k-NN keeps the training rows' };
  }
  if (model.family === 'voting' && !hasEpochs(model)) {
    return { label: 'Training', text: 'no epochs: none of the models is a network' };
  }
  // A vote's epochs are its network's (its other models report trees or rounds).
  const ran = curveEpochs(model, run.epochs).length;
  const planned = run.config.training.epochs;
  const plural = (n: number) => `${n} epoch${n === 1 ? '' : 's'}`;
  if (result.stopReason === 'early-stopped') {
    const patience = run.config.training.earlyStopping?.patience;
    const best = result.bestEpoch === null ? '' : ` (best ${result.bestEpoch})`;
    const why = patience === undefined ? '' : `: no better validation loss in ${plural(patience)}`;
    return { label: 'Stopped early', text: `at epoch ${ran} of ${planned}${best}${why}` };
  }
  const kept =
    result.bestEpoch !== null && result.bestEpoch !== ran
      ? `; kept epoch ${result.bestEpoch}'s weights (lowest validation loss)`
      : '';
  return { label: 'Epochs', text: `all ${ran} run${kept}` };
}
