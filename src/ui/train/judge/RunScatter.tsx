import { useMemo, useState } from 'react';
import type { EmbeddingProjection, ProjectedPoints } from '../../../core/train/runResults';
import type { Point2, ScatterLayer } from '../../charts/EmbeddingScatter';
import { ProjectionScatter, type PcaView, type UmapSource } from '../../charts/ProjectionScatter';

function layerOf(projected: ProjectedPoints): ScatterLayer {
  const points: Point2[] = [];
  for (let i = 0; i < projected.labels.length; i++) {
    points.push([projected.points[2 * i], projected.points[2 * i + 1]]);
  }
  return { points, labels: Array.from(projected.labels) };
}

/**
 * The run's embedding (or input) in two PCA axes, or laid out by UMAP, coloured by true class: test rows, or
 * the training rows.
 */
export function RunScatter({
  projection,
  classNames,
  probabilities = false,
}: {
  projection: EmbeddingProjection;
  classNames: readonly string[];
  /** A model without one embedding (the classic families, a vote): its "embedding" is its class probabilities. */
  probabilities?: boolean;
}) {
  const [split, setSplit] = useState<'test' | 'train'>('test');
  const vectors = projection.vectors;
  const space = probabilities
    ? "the model's class probabilities (it has no one hidden layer to show)"
    : projection.space === 'embedding'
      ? "the network's last hidden layer"
      : 'the normalised input';
  const [x, y] = projection.explained;
  const pca = useMemo(
    (): PcaView => ({
      training: layerOf(projection[split]),
      axisLabels: [`PC 1 (${Math.round(x * 100)}%)`, `PC 2 (${Math.round(y * 100)}%)`],
      caption: `PCA of ${space}, fitted on training rows; colour is the true class. Well-separated clusters are classes the model tells apart.`,
    }),
    [projection, split, x, y, space],
  );
  const umap = useMemo(
    (): UmapSource => ({
      vectors: vectors ? vectors[split] : null,
      dim: vectors?.dim ?? 0,
      labels: Array.from(projection[split].labels),
      as: 'training',
      caption: `UMAP of ${space}; colour is the true class.`,
      ...(vectors ? {} : { unavailable: 'This run kept no vectors to lay out' }),
    }),
    [vectors, projection, split, space],
  );
  return (
    <ProjectionScatter
      className="judge__scatter"
      testId="train.scatter"
      classNames={classNames}
      pca={pca}
      umap={umap}
      heading={<h3>Where the examples sit</h3>}
      controls={
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
      }
    />
  );
}
