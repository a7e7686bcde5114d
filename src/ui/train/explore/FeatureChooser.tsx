import { useState } from 'react';
import { MAX_HEATMAP_FEATURES } from '../../../state/dataset';
import { useAppStore } from '../../../state/store';

interface FeatureChooserProps {
  columns: string[];
  kept: string[];
  heatmap: string[];
  exploreFeature: string | null;
}

/** Which columns to train on, which to plot, and which go into the heatmap (at most 60). */
export function FeatureChooser({ columns, kept, heatmap, exploreFeature }: FeatureChooserProps) {
  const setKept = useAppStore((s) => s.setKeptFeatures);
  const patch = useAppStore((s) => s.patchDataset);
  const [filter, setFilter] = useState('');
  const shown = columns.filter((c) => c.toLowerCase().includes(filter.trim().toLowerCase()));
  const keptSet = new Set(kept);
  const heatSet = new Set(heatmap);

  const toggleKept = (name: string) => {
    const next = keptSet.has(name)
      ? kept.filter((c) => c !== name)
      : columns.filter((c) => keptSet.has(c) || c === name);
    setKept(next.length === columns.length ? null : next);
  };
  const toggleHeat = (name: string) => {
    const next = heatSet.has(name) ? heatmap.filter((c) => c !== name) : [...heatmap, name];
    patch({ heatmapFeatures: columns.filter((c) => next.includes(c)).slice(0, MAX_HEATMAP_FEATURES) });
  };

  return (
    <div className="chooser" data-testid="train.feature-chooser">
      <div className="chooser__bar">
        <strong data-testid="train.kept-count">
          {kept.length} of {columns.length} features kept
        </strong>
        <input
          type="search"
          className="field__input"
          placeholder="Filter features"
          aria-label="Filter features"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
        <button type="button" className="button button--quiet" onClick={() => setKept(null)}>
          Keep all
        </button>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => setKept(columns.filter((c) => keptSet.has(c) && !shown.includes(c)))}
        >
          Drop shown
        </button>
      </div>
      <div className="chooser__scroll">
        <table className="features chooser__table">
          <thead>
            <tr>
              <th scope="col">Keep</th>
              <th scope="col">Feature (click to plot)</th>
              <th scope="col">Heatmap</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((name) => (
              <tr
                key={name}
                data-feature={name}
                className={name === exploreFeature ? 'chooser__row--on' : undefined}
              >
                <td>
                  <input
                    type="checkbox"
                    checked={keptSet.has(name)}
                    aria-label={`Keep ${name}`}
                    data-testid="train.keep-feature"
                    onChange={() => toggleKept(name)}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => patch({ exploreFeature: name })}
                  >
                    {name}
                  </button>
                </td>
                <td>
                  <input
                    type="checkbox"
                    checked={heatSet.has(name)}
                    disabled={
                      !keptSet.has(name) || (!heatSet.has(name) && heatmap.length >= MAX_HEATMAP_FEATURES)
                    }
                    aria-label={`Show ${name} in the heatmap`}
                    onChange={() => toggleHeat(name)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
