import { useMemo, useState } from 'react';
import type { EmbeddingProjection, ProjectedPoints } from '../../../core/train/runResults';
import { EmbeddingScatter, type Point2, type ScatterLayer } from '../../charts/EmbeddingScatter';

function layerOf(projected: ProjectedPoints): ScatterLayer {
  const points: Point2[] = [];
  for (let i = 0; i < projected.labels.length; i++) {
    points.push([projected.points[2 * i], projected.points[2 * i + 1]]);
  }
  return { points, labels: Array.from(projected.labels) };
}

/** The run's embedding (or input) in two PCA axes, coloured by true class: test rows, or the training rows. */
export function RunScatter({
  projection,
  classNames,
  probabilities = false,
}: {
  projection: EmbeddingProjection;
  classNames: readonly string[];
  /** A model without an embedding (the classic families): its "embedding" is its class probabilities. */
  probabilities?: boolean;
}) {
  const [split, setSplit] = useState<'test' | 'train'>('test');
  const layer = useMemo(() => layerOf(projection[split]), [projection, split]);
  const [x, y] = projection.explained;
  const axisLabels = useMemo(
    () => [`PC 1 (${Math.round(x * 100)}%)`, `PC 2 (${Math.round(y * 100)}%)`] as const,
    [x, y],
  );
  const space = probabilities
    ? "the model's class probabilities (it has no hidden layer)"
    : projection.space === 'embedding'
      ? "the network's last hidden layer"
      : 'the normalised input';
  return (
    <div className="judge__scatter">
      <div className="judge__scatter-head">
        <h3>Where the examples sit</h3>
        <div className="segmented" role="group" aria-label="Points to show">
          {(['test', 'train'] as const).map((s) => (
            <button
              key={s}
              type="button"
              className="segmented__option"
              aria-pressed={split === s}
              onClick={() => setSplit(s)}
            >
              {s === 'test'
                ? `Test (${projection.test.labels.length})`
                : `Training (${projection.train.labels.length})`}
            </button>
          ))}
        </div>
      </div>
      <EmbeddingScatter
        training={layer}
        classNames={classNames}
        axisLabels={axisLabels}
        height={320}
        caption={`PCA of ${space}, fitted on training rows; colour is the true class. Well-separated clusters are classes the model tells apart.`}
        testId="train.scatter"
      />
    </div>
  );
}
