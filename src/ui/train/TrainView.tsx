import { ConfigurePanel } from './configure/ConfigurePanel';
import { DataPanel } from './data/DataPanel';
import { ExplorePanel } from './explore/ExplorePanel';
import { JudgePanel } from './judge/JudgePanel';
import { KeepPanel } from './keep/KeepPanel';
import { RunsPanel } from './runs/RunsPanel';
import { SweepPanel } from './sweep/SweepPanel';
import { WatchPanel } from './watch/WatchPanel';
import './train.css';

/**
 * The Train tab, top to bottom: data in, explore, configure, train and watch (part 1); then judge a run,
 * compare runs, and keep a model (part 2, its own panels reading the runs in the store and the run-results
 * service). Everything stays in this browser.
 */
export function TrainView() {
  return (
    <div className="train" data-testid="train.view">
      <p className="train-intro muted">
        Teach Oído your own classes: label audio by folder (or load a CSV of features), look at the data,
        choose a model, and train it in a background worker while the page stays responsive.
      </p>
      <DataPanel />
      <ExplorePanel />
      <ConfigurePanel />
      <WatchPanel />
      <SweepPanel />
      {/* Part 2: judge the followed run, compare runs, keep a model. */}
      <div className="train-judge" data-testid="train.judge-slot">
        <JudgePanel />
      </div>
      <div className="train-runs" data-testid="train.runs-slot">
        <RunsPanel />
      </div>
      <div className="train-keep" data-testid="train.keep-slot">
        <KeepPanel />
      </div>
    </div>
  );
}
