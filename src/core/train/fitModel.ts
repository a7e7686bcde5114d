/**
 * Fits any family that reads one row of features (a network, k-NN, a classic model, or a vote over several of
 * them) on standardised rows: the one place where a config becomes a fitted `Classifier`, for cross-validation,
 * training jobs and the members of a vote alike.
 */
import { buildClassifier, type ClassifierModel } from '../models/build';
import { createClassicClassifier } from '../models/classic/create';
import type { ClassicClassifier } from '../models/classic/classic';
import { classicProgress, fitClassic } from '../models/classic/progress';
import type { MemberConfig, ModelConfig, NetworkConfig } from '../models/config';
import { KnnClassifier } from '../models/knn';
import { VotingClassifier } from '../models/voting';
import type { TrainConfigInput } from './config';
import { train, type EpochEvent, type TrainData, type TrainResult } from './train';

/** One fitted model: what predicts, and what a bundle needs to save it. */
export type FittedModel =
  | { kind: 'network'; classifier: ClassifierModel; outcome: TrainResult }
  | { kind: 'classic'; classifier: ClassicClassifier }
  | { kind: 'knn'; classifier: KnnClassifier; points: Float32Array; labels: Int32Array }
  | { kind: 'voting'; classifier: VotingClassifier; members: FittedMember[] };

/** A vote's member: a fitted model of one of the flat-row families. */
export type FittedMember = Exclude<FittedModel, { kind: 'voting' }>;

export interface FitModelOptions {
  nClasses: number;
  inputShape: readonly number[];
  /** The networks' training, its seed included (ignored by the other families). */
  training?: TrainConfigInput;
  /** Seeds a network's initial weights; a classic family keeps its config's seed. */
  seed: number;
  /** > 0: shift a classic model's own seed by this many steps (the members of an `ensemble` of one config). */
  classicMember?: number;
  signal?: AbortSignal;
  /** Epochs of a network, trees or rounds of a classic model (as epochs with a NaN loss). */
  onEpoch?: (event: EpochEvent) => void;
  /** Called on a network before its first epoch (e.g. to refuse one no bundle could hold). */
  checkNetwork?: (network: ClassifierModel) => void;
}

/**
 * Fits `config` on `data`; null when the signal aborted it (nothing left allocated). A vote fits its members one
 * after the other, each as it would fit alone; two members of one family take seeds one apart.
 */
export async function fitModel(
  config: ModelConfig,
  data: TrainData,
  options: FitModelOptions,
): Promise<FittedModel | null> {
  if (config.family !== 'voting') return fitMember(config, data, options);
  const members: FittedMember[] = [];
  let whole = false;
  try {
    for (const [m, member] of config.models.entries()) {
      const sameFamilyBefore = config.models.slice(0, m).filter((o) => o.family === member.family).length;
      const training = { ...options.training, seed: (options.training?.seed ?? 0) + sameFamilyBefore };
      const fitted = await fitMember(member, data, {
        ...options,
        seed: options.seed + sameFamilyBefore,
        training,
      });
      if (!fitted) return null;
      members.push(fitted);
    }
    const vote = new VotingClassifier(
      members.map((m) => m.classifier),
      config.weights,
    );
    whole = true;
    return { kind: 'voting', classifier: vote, members };
  } finally {
    // Cancelled or failed part-way: free the models fitted so far.
    if (!whole) for (const done of members) done.classifier.dispose();
  }
}

async function fitMember(
  config: MemberConfig,
  data: TrainData,
  options: FitModelOptions,
): Promise<FittedMember | null> {
  const shape = { nClasses: options.nClasses, inputShape: options.inputShape };
  const classic = createClassicClassifier(config, shape, options.classicMember ?? 0);
  if (classic) {
    const fit = await fitClassic(classic, data.train.x, data.train.y, {
      onProgress: classicProgress(options.onEpoch, performance.now()),
      signal: options.signal,
    });
    if (!fit) {
      classic.dispose();
      return null;
    }
    return { kind: 'classic', classifier: fit };
  }
  if (config.family === 'knn') {
    const knn = new KnnClassifier(config, shape).fit(data.train.x, data.train.y);
    return { kind: 'knn', classifier: knn, points: data.train.x, labels: data.train.y };
  }
  const network = buildClassifier(
    config as NetworkConfig,
    [...options.inputShape],
    options.nClasses,
    options.seed,
  );
  try {
    options.checkNetwork?.(network);
    const outcome = await train(network, data, {
      config: options.training,
      onEpoch: options.onEpoch,
      signal: options.signal,
    });
    if (outcome.stopReason === 'cancelled') {
      network.dispose();
      return null;
    }
    return { kind: 'network', classifier: network, outcome };
  } catch (error) {
    network.dispose();
    throw error;
  }
}
