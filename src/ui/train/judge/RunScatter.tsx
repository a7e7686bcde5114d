import { useMemo, useState } from 'react';
import type { EmbeddingProjection, ProjectedPoints } from '../../../core/train/runResults';
import { EmbeddingScatter, type Point2, type ScatterLayer } from '../../charts/EmbeddingScatter';
import { ProjectionToggle, type ProjectionMethod } from '../../charts/ProjectionToggle';
import { UMAP_MAX_POINTS, useUmapLayout } from '../../charts/useUmapLayout';

function layerOf(projected: ProjectedPoints): ScatterLayer {
  const points: Point2[] = [];
  for (let i = 0; i < projected.labels.length; i++) {
    points.push([projected.points[2 * i], projected.points[2 * i + 1]]);
  }
  return { points, labels: Array.from(projected.labels) };
}

const UMAP_AXES = ['UMAP 1', 'UMAP 2'] as const;

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
  /** A model without an embedding (the classic families): its "embedding" is its class probabilities. */
  probabilities?: boolean;
}) {
  const [split, setSplit] = useState<'test' | 'train'>('test');
  const [method, setMethod] = useState<ProjectionMethod>('pca');
  const vectors = projection.vectors;
  const umap = useUmapLayout(vectors ? vectors[split] : null, vectors?.dim ?? 0, method === 'umap');
  const pcaLayer = useMemo(() => layerOf(projection[split]), [projection, split]);
  const umapLayer = useMemo((): ScatterLayer | null => {
    if (umap.status !== 'ready') return null;
    const { points, picked } = umap.layout;
    const labels = projection[split].labels;
    return {
      points: Array.from(picked, (_, i): Point2 => [points[2 * i], points[2 * i + 1]]),
      labels: Array.from(picked, (r) => labels[r]),
    };
  }, [umap, projection, split]);
  const [x, y] = projection.explained;
  const pcaAxes = useMemo(
    () => [`PC 1 (${Math.round(x * 100)}%)`, `PC 2 (${Math.round(y * 100)}%)`] as const,
    [x, y],
  );
  const space = probabilities
    ? "the model's class probabilities (it has no hidden layer)"
    : projection.space === 'embedding'
      ? "the network's last hidden layer"
      : 'the normalised input';
  const showUmap = method === 'umap' && umapLayer !== null;
  const caption =
    method === 'umap'
      ? `UMAP of ${space} (seeded, at most ${UMAP_MAX_POINTS} points, evenly sampled); colour is the true class. Distances between clusters mean less than in PCA; neighbourhoods mean more.`
      : `PCA of ${space}, fitted on training rows; colour is the true class. Well-separated clusters are classes the model tells apart.`;
  return (
    <div className="judge__scatter">
      <div className="judge__scatter-head">
        <h3>Where the examples sit</h3>
        <ProjectionToggle
          value={method}
          onChange={setMethod}
          testId="train.scatter-projection"
          umapTitle={vectors ? undefined : 'This run kept no vectors to lay out'}
        />
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
      {method === 'umap' && umap.status === 'computing' && (
        <p className="muted" role="status" data-testid="train.scatter-status">
          Laying out {umap.points} points with UMAP…
        </p>
      )}
      {method === 'umap' && umap.status === 'error' && (
        <p className="notice notice--error" role="alert" data-testid="train.scatter-status">
          UMAP failed: {umap.message}
        </p>
      )}
      <EmbeddingScatter
        training={showUmap ? umapLayer : pcaLayer}
        classNames={classNames}
        axisLabels={showUmap ? UMAP_AXES : pcaAxes}
        height={320}
        caption={caption}
        testId={showUmap ? 'train.scatter-umap' : 'train.scatter'}
      />
    </div>
  );
}
