import { useDeferredValue, useMemo } from 'react';
import { MAX_HEATMAP_FEATURES } from '../../../state/dataset';
import { useAppStore } from '../../../state/store';
import { currentTable } from '../data/datasetService';
import { isTabular, resolveKept } from '../data/featureTable';
import { ClassCounts } from './ClassCounts';
import { CorrelationHeatmap } from './CorrelationHeatmap';
import { FeatureChooser } from './FeatureChooser';
import { FeatureHistogram } from './FeatureHistogram';

/** Step 2: how many rows per class, how a feature spreads per class, which features move together. */
export function ExplorePanel() {
  const summary = useAppStore((s) => s.tableSummary);
  const version = useAppStore((s) => s.tableVersion);
  const keptChoice = useAppStore((s) => s.keptFeatures);
  const exploreFeature = useAppStore((s) => s.exploreFeature);
  const heatmapChoice = useAppStore((s) => s.heatmapFeatures);
  // The table's numbers live outside the store; `version` says when they changed.
  const table = useMemo(() => (version >= 0 ? currentTable() : null), [version]);
  const columns = summary?.columns;
  const kept = useMemo(() => (columns ? resolveKept(columns, keptChoice) : []), [columns, keptChoice]);
  const heatmap = useMemo(
    () => (heatmapChoice ?? kept).filter((c) => kept.includes(c)).slice(0, MAX_HEATMAP_FEATURES),
    [heatmapChoice, kept],
  );
  // The charts read every row (a 50,000-row CSV: tens of ms each): drawn in a deferred render of their own, so
  // that the table's arrival and every click stay short tasks on the main thread.
  const charts = useDeferredValue(
    useMemo(
      () => ({ table, heatmap, feature: exploreFeature ?? kept[0] ?? columns?.[0] ?? '' }),
      [table, heatmap, exploreFeature, kept, columns],
    ),
  );

  return (
    <section className="card train-step" aria-labelledby="train-explore-title" data-testid="train.explore">
      <div className="train-step__header">
        <h2 id="train-explore-title">
          <span className="train-step__number">2</span> Explore
        </h2>
      </div>
      {!summary || summary.rows === 0 || !table ? (
        <p className="muted">Add labelled data to see its classes and features.</p>
      ) : (
        <>
          <ClassCounts
            classNames={summary.classNames}
            counts={summary.classCounts}
            files={table.kind === 'audio' ? summary.classFiles : undefined}
            capNote={summary.capNote}
          />
          {isTabular(table) ? (
            <>
              <FeatureChooser
                columns={summary.columns}
                kept={kept}
                heatmap={heatmap}
                exploreFeature={exploreFeature ?? kept[0] ?? null}
              />
              <div className="explore-charts">
                {charts.table && isTabular(charts.table) && (
                  <>
                    <FeatureHistogram table={charts.table} column={charts.feature} />
                    <CorrelationHeatmap table={charts.table} columns={charts.heatmap} />
                  </>
                )}
              </div>
            </>
          ) : (
            <p className="muted">
              Log-mel patches are images of 130 frames × 128 mel bands: they are explored by the CNN, not
              column by column. Every band is kept.
            </p>
          )}
        </>
      )}
    </section>
  );
}
