import './projection.css';
import { useMemo, useState, type ReactNode } from 'react';
import { EmbeddingScatter, type Point2, type ScatterHighlight, type ScatterLayer } from './EmbeddingScatter';
import { ProjectionToggle, type ProjectionMethod } from './ProjectionToggle';
import { UMAP_MAX_POINTS, useUmapLayout, type UmapState } from './useUmapLayout';

/** The 2-D PCA picture a scatter draws by default: the model's own projection. */
export interface PcaView {
  training: ScatterLayer;
  highlights?: readonly ScatterHighlight[];
  axisLabels: readonly [string, string];
  caption: string;
}

/** What UMAP lays out instead, when chosen: one row of `dim` values per point, with its class. */
export interface UmapSource {
  /** rows × dim, row-major; null when there is nothing to lay out (then `unavailable` says why). */
  vectors: Float32Array | null;
  dim: number;
  /** Class (colour) of each row. */
  labels: readonly number[];
  /** Rows outside the model's training data (highlighted rows only): drawn hollow. */
  outside?: readonly boolean[];
  /** The rows are the chart's faint background points, or its highlighted points joined in order (a song's). */
  as: 'training' | 'highlight';
  /** Legend entry for highlighted rows. */
  highlightName?: string;
  /** Said under the UMAP picture: what was laid out. */
  caption: string;
  /** Why UMAP cannot be chosen at all (the button is then disabled with this title). */
  unavailable?: string;
  /** Why the layout is not asked for yet, e.g. a song still being analysed (shown while UMAP is chosen). */
  waiting?: string;
}

const UMAP_AXES = ['UMAP 1', 'UMAP 2'] as const;
const NO_POINTS: ScatterLayer = { points: [], labels: [] };

/** The UMAP layout as the chart's layers: only the rows UMAP saw (at most UMAP_MAX_POINTS, evenly sampled). */
function umapLayers(
  state: UmapState,
  source: UmapSource,
): { training: ScatterLayer; highlights: ScatterHighlight[] } | null {
  if (state.status !== 'ready') return null;
  const { points, picked } = state.layout;
  const layer: ScatterLayer = {
    points: Array.from(picked, (_, i): Point2 => [points[2 * i], points[2 * i + 1]]),
    labels: Array.from(picked, (r) => source.labels[r]),
  };
  if (source.as === 'training') return { training: layer, highlights: [] };
  return {
    training: NO_POINTS,
    highlights: [
      {
        name: source.highlightName ?? 'highlighted points',
        ...layer,
        ...(source.outside ? { outside: Array.from(picked, (r) => source.outside![r]) } : {}),
      },
    ],
  };
}

/**
 * A scatter with the "PCA / UMAP" choice, for every scatter of the app (a run's examples in Train, a song's
 * segments in Classify): PCA draws the model's projection; UMAP lays out `umap.vectors` in the projection
 * worker (seeded, bounded in points), says while it works, and keeps PCA with a note when there are too few
 * points or the layout fails. Test ids: `${testId}` (PCA) or `${testId}-umap` on the figure,
 * `${testId}-projection` on the toggle, `${testId}-status` on the note.
 */
export function ProjectionScatter({
  testId,
  classNames,
  pca,
  umap: source,
  heading,
  controls,
  height = 320,
  className,
}: {
  testId: string;
  classNames: readonly string[];
  pca: PcaView;
  umap: UmapSource;
  heading?: ReactNode;
  /** More toggles beside the projection's (e.g. which rows to show). */
  controls?: ReactNode;
  height?: number;
  className?: string;
}) {
  const [method, setMethod] = useState<ProjectionMethod>('pca');
  const wanted = method === 'umap' && source.unavailable === undefined;
  const state = useUmapLayout(
    wanted && source.waiting === undefined ? source.vectors : null,
    source.dim,
    wanted,
  );
  const layers = useMemo(() => umapLayers(state, source), [state, source]);
  const showUmap = wanted && layers !== null;
  let note: ReactNode = null;
  if (wanted && source.waiting !== undefined) {
    note = source.waiting;
  } else if (wanted && state.status === 'computing') {
    note = `Laying out ${state.points} points with UMAP…`;
  } else if (wanted && state.status === 'too-few') {
    note = `Too few points for UMAP (${state.points}; it needs at least ${state.min}): showing PCA.`;
  }
  return (
    <div className={className}>
      <div className="projection__head">
        {heading}
        <ProjectionToggle
          value={method}
          onChange={setMethod}
          testId={`${testId}-projection`}
          umapTitle={source.unavailable}
        />
        {controls}
      </div>
      {note !== null && (
        <p className="muted projection__note" role="status" data-testid={`${testId}-status`}>
          {note}
        </p>
      )}
      {wanted && state.status === 'error' && (
        <p className="notice notice--error" role="alert" data-testid={`${testId}-status`}>
          UMAP failed: {state.message}. Showing PCA.
        </p>
      )}
      <EmbeddingScatter
        training={showUmap ? layers.training : pca.training}
        highlights={showUmap ? layers.highlights : pca.highlights}
        classNames={classNames}
        axisLabels={showUmap ? UMAP_AXES : pca.axisLabels}
        height={height}
        caption={
          showUmap
            ? `${source.caption} Seeded, at most ${UMAP_MAX_POINTS} points (evenly sampled). Distances between clusters mean less than in PCA; neighbourhoods mean more.`
            : pca.caption
        }
        testId={showUmap ? `${testId}-umap` : testId}
      />
    </div>
  );
}
