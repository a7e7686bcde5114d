import { useMemo } from 'react';
import { centredLogits } from '../../core/eval/umap';
import type { LoadedModelInfo } from '../../core/predict/modelRunner';
import type { SongPrediction } from '../../state/classify';
import type { ScatterHighlight } from '../charts/EmbeddingScatter';
import { ProjectionScatter, type PcaView, type UmapSource } from '../charts/ProjectionScatter';

const SEGMENTS_NAME = 'this song, by segment (numbered in time order)';

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * A song's segments among the genre model's training points: PCA (the bundle's own projection, with the
 * training points), or UMAP of the segments' logits. The bundle keeps its training points only as 2-D PCA
 * points, so UMAP lays out the song's segments alone, by what the model made of each: neighbours are segments
 * the model heard alike. It waits for the last segment, so that a long song is laid out once.
 */
export function SongScatter({
  genre,
  projection,
}: {
  genre: SongPrediction;
  projection: NonNullable<LoadedModelInfo['projection']>;
}) {
  const sounding = useMemo(() => genre.units.filter((u) => u.point && u.probs), [genre.units]);
  const labels = useMemo(() => sounding.map((u) => argmax(u.probs!)), [sounding]);
  // Segments the novelty rule puts outside the training data: drawn hollow, named in the legend.
  const outside = useMemo(() => sounding.map((u) => u.novel === true), [sounding]);
  const explained = projection.explainedVariance;
  const space = projection.space === 'embedding' ? 'embedding' : 'model input';
  const pca = useMemo((): PcaView => {
    const axis = (i: number) =>
      `PC ${i + 1}${explained ? ` (${(explained[i] * 100).toFixed(0)} % of variance)` : ''} of the ${space}`;
    const highlights: ScatterHighlight[] = [
      { name: SEGMENTS_NAME, points: sounding.map((u) => u.point!), labels, outside },
    ];
    return {
      training: projection,
      highlights,
      axisLabels: [axis(0), axis(1)],
      caption: `The model's ${projection.points.length} training points, coloured by genre, and this song's segments (filled with their predicted genre${outside.some(Boolean) ? '; hollow and dashed: outside the training data, so not labelled' : ''}).`,
    };
  }, [projection, sounding, labels, outside, explained, space]);
  const finished = genre.done === genre.total;
  const classes = genre.classNames.length;
  const umap = useMemo(
    (): UmapSource => ({
      // Laid out once, when every segment is in: a long song updates its card a few times a second.
      vectors: finished
        ? centredLogits(
            sounding.map((u) => u.probs!),
            classes,
          )
        : null,
      dim: classes,
      labels,
      outside,
      as: 'highlight',
      highlightName: SEGMENTS_NAME,
      caption: `UMAP of this song's ${sounding.length} segments by their logits (the log-probabilities the model gave each genre), coloured by predicted genre; the bundle keeps its training points only in 2-D PCA, so they are not laid out.`,
      ...(finished
        ? {}
        : { waiting: `UMAP waits for the last segment (${genre.done} of ${genre.total} in): showing PCA.` }),
    }),
    [finished, sounding, classes, labels, outside, genre.done, genre.total],
  );
  return (
    <ProjectionScatter
      className="genre__scatter"
      testId="classify.scatter"
      classNames={genre.classNames}
      pca={pca}
      umap={umap}
      height={300}
    />
  );
}
