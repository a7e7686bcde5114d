/**
 * Soft voting over fitted models of different families (`VotingConfig`): each member predicts its class
 * probabilities from the same standardised row and the vote is their weighted mean, as scikit-learn's
 * `VotingClassifier(voting="soft")`. It has no hidden layer of its own: its "embedding" is the averaged class
 * probabilities, as for the classic families.
 */
import { checkedShape, logitsOfProbabilities, rowsOf, type Classifier } from './classifier';

export class VotingClassifier implements Classifier {
  readonly family = 'voting' as const;
  readonly nClasses: number;
  readonly inputShape: readonly number[];
  readonly inputSize: number;
  readonly embeddingSize: number;
  /** The weights, summing to 1. */
  readonly weights: readonly number[];

  /** Takes ownership of `members` (disposing the vote disposes them). */
  constructor(
    readonly members: readonly Classifier[],
    weights: readonly number[],
  ) {
    if (members.length < 2) throw new Error(`Expected at least 2 models to vote, got ${members.length}`);
    if (weights.length !== members.length) {
      throw new Error(`Expected one weight per model (${members.length}), got ${weights.length}`);
    }
    if (!weights.every((w) => Number.isFinite(w) && w > 0)) {
      throw new Error(`Expected positive weights, got [${weights.join(', ')}]`);
    }
    const [first] = members;
    ({
      nClasses: this.nClasses,
      inputShape: this.inputShape,
      inputSize: this.inputSize,
    } = checkedShape({ nClasses: first.nClasses, inputShape: first.inputShape }));
    members.forEach((m, i) => {
      if (m.nClasses !== this.nClasses || m.inputSize !== this.inputSize) {
        throw new Error(
          `Model ${i + 1} of the vote (${m.family}) reads ${m.inputSize} values into ${m.nClasses} classes, the first ${this.inputSize} into ${this.nClasses}`,
        );
      }
    });
    const total = weights.reduce((a, b) => a + b, 0);
    this.weights = weights.map((w) => w / total);
    this.embeddingSize = this.nClasses;
  }

  predictProbs(x: Float32Array): Float32Array {
    const out = new Float32Array(rowsOf(x, this.inputSize) * this.nClasses);
    this.members.forEach((member, m) => {
      const probs = member.predictProbs(x);
      const w = this.weights[m];
      for (let i = 0; i < out.length; i++) out[i] += w * probs[i];
    });
    return out;
  }

  /** Log of the averaged probabilities: their softmax gives the vote back. */
  predictLogits(x: Float32Array): Float32Array {
    return logitsOfProbabilities(this.predictProbs(x));
  }

  embed(x: Float32Array): Float32Array {
    return this.predictProbs(x);
  }

  dispose(): void {
    for (const member of this.members) member.dispose();
  }
}
