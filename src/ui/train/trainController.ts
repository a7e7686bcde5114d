/**
 * Starts and cancels training runs: assembles the job from the current table (kept columns, the grouped
 * split, augmented copies of training clips), hands it to the training worker, and records what comes back:
 * epochs and scores in the store, the bundle and test probabilities in the run-results service.
 */
import { describeClassic } from './configure/classicLabels';
import { describePcaOption } from '../../core/train/pcaReduce';
import { readPcaSetting } from './configure/PcaField';
import { capRowsPerFile, pickRows } from '../../core/dataset/perFile';
import { setRunArtifacts } from '../../core/train/runResults';
import { createTrainClient, type TrainClient } from '../../workers/trainClient';
import { trainValTestSplit } from '../../core/data/split';
import type { ModelConfig } from '../../core/models/config';
import { useAppStore } from '../../state/store';
import type { DatasetSummary, EpochLog, RunPhase, RunRecord } from '../../state/training';
import type { TrainJobInput, TrainStage } from '../../core/train/trainJob';
import type { ValidDraft } from './configure/draft';
import { augmentClips, currentTable } from './data/datasetService';
import {
  featureSpecFor,
  resolveKept,
  selectColumns,
  summarizeTable,
  type FeatureTable,
} from './data/featureTable';

let client: TrainClient | null = null;
/** Set while augmented copies are being made, so that Cancel can stop before the worker starts. */
let preparing: { cancelled: boolean } | null = null;
let runCount = 0;

const store = () => useAppStore.getState();
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const STAGE_PHASE: Record<TrainStage, RunPhase> = {
  building: 'starting',
  training: 'training',
  evaluating: 'evaluating',
  saving: 'evaluating',
};

function describeModel(model: ModelConfig): string {
  switch (model.family) {
    case 'logistic':
      return 'Logistic';
    case 'mlp':
      return `MLP ${model.hidden.join('-')}`;
    case 'cnn2d':
      return `CNN-2D ${model.blocks.map((b) => b.filters).join('-')}`;
    case 'cnn1d':
      return `CNN-1D ${model.blocks.map((b) => b.filters).join('-')}`;
    case 'rnn':
      return `${model.cell.toUpperCase()} ${model.units.join('-')}`;
    case 'knn':
      return `k-NN (k = ${model.k})`;
    case 'autoencoder':
      return `Autoencoder ${model.encoder.join('-')}`;
    case 'voting':
      return `Vote: ${model.models.map(describeModel).join(' + ')}`;
    default:
      return describeClassic(model);
  }
}

/**
 * Epochs can arrive every few milliseconds on small data: hand them to the store at most every
 * `MIN_REDRAW_MS` (each hand-over redraws the curves), and at once when training moves on.
 */
const MIN_REDRAW_MS = 250;

function epochBatcher(runId: string): { push(event: EpochLog): void; flush(): void } {
  let queued: EpochLog[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = 0;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (queued.length === 0) return;
    const batch = queued;
    queued = [];
    last = performance.now();
    const run = store().runs.find((r) => r.id === runId);
    if (run) store().updateRun(runId, { epochs: [...run.epochs, ...batch] });
  };
  return {
    push(event) {
      queued.push(event);
      timer ??= setTimeout(flush, Math.max(0, last + MIN_REDRAW_MS - performance.now()));
    },
    flush,
  };
}

/** Rows of augmented copies of the training clips, in the kept columns, with their clips' labels. */
async function augmentedRows(
  table: FeatureTable,
  trainRows: Int32Array,
  kept: string[],
  valid: ValidDraft,
  state: { cancelled: boolean },
): Promise<TrainJobInput['extraTrain']> {
  const options = valid.augment;
  if (!options || options.copies === 0 || table.kind !== 'audio' || !table.clipIds) return undefined;
  const labelOf = new Map<string, number>();
  for (const r of trainRows) labelOf.set(table.clipIds[r], table.labels[r]);
  const clipIds = [...labelOf.keys()];
  store().patchDataset({
    datasetPhase: 'extracting',
    extractProgress: { done: 0, total: clipIds.length, current: 'augmented copies' },
  });
  try {
    const { rows, missing } = await augmentClips(clipIds, options, valid.training.seed, (done, total) =>
      store().patchDataset({ extractProgress: { done, total, current: 'augmented copies' } }),
    );
    if (state.cancelled) return undefined;
    if (missing.length > 0) {
      store().reportError(
        `${missing.length} training clips were too much to keep in memory for augmentation; they are trained on without copies`,
      );
    }
    const size = table.inputShape.reduce((a, b) => a * b, 1);
    const parts: Float32Array[] = [];
    const labels: number[] = [];
    // Each copy of a clip is capped as the clip's own windows were (core/dataset/perFile). The copies come one
    // after another, each with its windows' start times from 0 again.
    const cap = table.capNote?.cap ?? Infinity;
    for (const [clipId, clipRows] of rows) {
      if (clipRows.values.length !== clipRows.count * size) continue;
      let copy = 0;
      const copyOf = Array.from(clipRows.starts, (start, i) =>
        String(i > 0 && start <= clipRows.starts[i - 1] ? ++copy : copy),
      );
      const keep = clipRows.count > cap ? capRowsPerFile(copyOf, cap) : null;
      const values = keep ? pickRows(clipRows.values, size, keep) : clipRows.values;
      const count = keep ? keep.length : clipRows.count;
      const pseudo: FeatureTable = { ...table, x: values, rows: count };
      parts.push(selectColumns(pseudo, kept).x);
      for (let i = 0; i < count; i++) labels.push(labelOf.get(clipId)!);
    }
    const x = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      x.set(p, at);
      at += p.length;
    }
    return { x, labels: Int32Array.from(labels) };
  } finally {
    store().patchDataset({ datasetPhase: 'ready', extractProgress: null });
  }
}

/** PCA applies to feature vectors only (the Configure panel hides it for log-mel patches). */
function selectedInputIsVector(shape: readonly number[] | undefined): boolean {
  return !shape || shape.length === 1;
}

/** Starts a run with a validated configuration; failures land in the run and in the error list. */
export async function startRun(valid: ValidDraft): Promise<string | null> {
  const table = currentTable();
  const s = store();
  if (!table) {
    s.reportError('There is no data to train on yet: add labelled clips or a CSV file first', 'train.start');
    return null;
  }
  if (preparing || s.runs.some((r) => ['starting', 'training', 'evaluating'].includes(r.phase))) {
    s.reportError('A run is already training: wait for it or cancel it first', 'train.start');
    return null;
  }
  const pcaSetting = selectedInputIsVector(s.tableSummary?.inputShape) ? readPcaSetting(s.trainPca) : null;
  if (pcaSetting && 'error' in pcaSetting) {
    s.reportError(pcaSetting.error, 'train.start');
    return null;
  }
  s.clearErrors('train.start');
  const kept = resolveKept(table.columns, s.keptFeatures);
  const selected = selectColumns(table, kept);
  const split = trainValTestSplit(table.labels, table.groups, valid.split);
  const summary = summarizeTable(table);
  runCount++;
  const runId = `run-${Date.now().toString(36)}-${runCount}`;
  const createdAt = new Date().toISOString();
  const classes =
    table.classNames.length > 3 ? `${table.classNames.length} classes` : table.classNames.join(', ');
  const pcaNote = pcaSetting ? ` · PCA ${describePcaOption(pcaSetting.option)}` : '';
  const name = `#${runCount} ${describeModel(valid.model)}${pcaNote} · ${classes}`;
  const datasetSummary: DatasetSummary = {
    kind: table.kind,
    featureSet: table.featureSet,
    source: table.source,
    classNames: [...table.classNames],
    classCounts: summary.classCounts,
    rows: table.rows,
    inputShape: selected.inputShape,
    split: { train: split.train.length, val: split.val.length, test: split.test.length, augmented: 0 },
  };
  const run: RunRecord = {
    id: runId,
    name,
    createdAt,
    config: {
      model: valid.model,
      training: valid.training,
      split: valid.split,
      modelSeed: valid.modelSeed,
      features: selected.columns,
      augment: valid.augment,
    },
    datasetSummary,
    epochs: [],
    phase: 'starting',
    backend: null,
  };
  s.addRun(run);

  const state = { cancelled: false };
  preparing = state;
  let extraTrain: TrainJobInput['extraTrain'];
  try {
    extraTrain = await augmentedRows(table, split.train, kept, valid, state);
  } catch (error) {
    preparing = null;
    fail(runId, `Could not make augmented copies: ${messageOf(error)}`);
    return runId;
  }
  preparing = null;
  if (state.cancelled) {
    store().updateRun(runId, { phase: 'cancelled' });
    return runId;
  }
  if (extraTrain) {
    store().updateRun(runId, {
      datasetSummary: {
        ...datasetSummary,
        split: { ...datasetSummary.split!, augmented: extraTrain.labels.length },
      },
    });
  }

  const job: TrainJobInput = {
    runId,
    name,
    createdAt,
    task: 'custom',
    x: selected.x,
    inputShape: selected.inputShape,
    labels: table.labels.slice(),
    ids: table.ids,
    // Audio folders: a thin test split is cross-validated by file as well (core/eval/smallData).
    ...(table.kind === 'audio' ? { groups: table.groups } : {}),
    split,
    extraTrain,
    classNames: [...table.classNames],
    featureSpec: featureSpecFor(table, selected.columns),
    source: table.source,
    model: valid.model,
    training: valid.training,
    modelSeed: valid.modelSeed,
    pca: pcaSetting?.option ?? null,
  };
  const current = (client ??= createTrainClient());
  const epochs = epochBatcher(runId);
  try {
    const outcome = await current.train(
      job,
      {
        onBackend: (backend, reason, label) =>
          store().updateRun(runId, { backend, backendReason: reason, backendLabel: label }),
        onStage: (stage) => {
          epochs.flush();
          store().updateRun(runId, { phase: STAGE_PHASE[stage] });
        },
        onEpoch: (event) => epochs.push(event),
      },
      store().trainBackend,
    );
    epochs.flush();
    if (outcome.status === 'cancelled') {
      store().updateRun(runId, { phase: 'cancelled' });
    } else {
      setRunArtifacts({ runId, ...outcome.artifacts });
      store().updateRun(runId, { phase: 'done', result: outcome.result });
    }
  } catch (error) {
    epochs.flush();
    // A worker whose run failed may hold a broken TF.js state (a lost WebGL context): the next run gets a new one.
    current.dispose();
    if (client === current) client = null;
    fail(runId, `Training failed: ${messageOf(error)}`);
  }
  return runId;
}

function fail(runId: string, message: string): void {
  store().updateRun(runId, { phase: 'error', error: message });
  store().reportError(message, 'train.start');
}

/** Stops the run in progress: before the worker starts, or within the epoch it is training. */
export function cancelRun(): void {
  if (preparing) preparing.cancelled = true;
  client?.cancel();
}
