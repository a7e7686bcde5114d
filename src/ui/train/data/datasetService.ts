/**
 * The Train tab's data behind the store: the clips' audio (files, recordings), their feature rows, the CSV
 * texts and the assembled table. Clips are decoded here (the browser's decoder) one at a time and turned into
 * rows in the dataset features worker; the store gets names, progress and the table's summary.
 */
import { decodeToChannels } from '../../../browser/decodeAudio';
import { createCsvTableClient, type CsvTableClient } from '../../../workers/csvTableClient';
import {
  createDatasetFeaturesClient,
  type DatasetFeaturesClient,
} from '../../../workers/datasetFeaturesClient';
import { useAppStore } from '../../../state/store';
import type { AudioClipEntry, CsvFileEntry, DatasetSourceKind } from '../../../state/dataset';
import type { AugmentOptions } from '../../../core/train/augment';
import type { AudioFeatureSet, ClipRows } from '../../../core/features/audioSets';
import {
  csvEntryDefaults,
  featureTableOfCsv,
  summarizeTable,
  tableFromClips,
  tableProblem,
  type FeatureTable,
} from './featureTable';

/** A clip's audio: an encoded file, or samples already captured (the microphone). */
export type ClipAudio =
  { kind: 'encoded'; blob: Blob } | { kind: 'pcm'; channels: Float32Array[]; sampleRate: number };

export interface NewClip {
  name: string;
  className: string;
  origin: AudioClipEntry['origin'];
  audio: ClipAudio;
}

const audioOf = new Map<string, ClipAudio>();
const rowsOf = new Map<string, ClipRows>();
let table: FeatureTable | null = null;
let client: DatasetFeaturesClient | null = null;
/** Keeps the CSV files' texts and parses them, so that a large spreadsheet never blocks the page. */
let csvClient: CsvTableClient | null = null;
/** Bumped by every rebuild, so that a CSV table parsed for an older labelling is dropped. */
let tableRequest = 0;
let pumping = false;
/** Bumped when the feature set changes, so that rows from an older extraction are dropped. */
let generation = 0;
let nextId = 1;

const store = () => useAppStore.getState();
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function features(): DatasetFeaturesClient {
  client ??= createDatasetFeaturesClient();
  return client;
}

function csvWorker(): CsvTableClient {
  csvClient ??= createCsvTableClient();
  return csvClient;
}

/** The table the next run trains on (null before any usable data). */
export function currentTable(): FeatureTable | null {
  return table;
}

/**
 * Rebuilds the table from the chosen source and publishes its summary: at once from clips' rows, or (CSV) when
 * the CSV worker has parsed the files as labelled now, the data step "reading" meanwhile.
 */
export function rebuildTable(): void {
  const s = store();
  const request = ++tableRequest;
  if (s.datasetSource !== 'audio' && s.csvFiles.length > 0) {
    void rebuildCsvTable(request, s.csvFiles);
    return;
  }
  let problem: string | null = null;
  try {
    table =
      s.datasetSource === 'audio' ? tableFromClips(s.clips, (id) => rowsOf.get(id), s.featureSet) : null;
  } catch (error) {
    table = null;
    problem = messageOf(error);
  }
  publishTable(problem);
}

async function rebuildCsvTable(request: number, files: readonly CsvFileEntry[]): Promise<void> {
  table = null;
  store().patchDataset({ datasetPhase: 'reading' });
  let next: FeatureTable | null = null;
  let problem: string | null = null;
  try {
    next = featureTableOfCsv(await csvWorker().table([...files]), files);
  } catch (error) {
    problem = messageOf(error);
  }
  // A newer rebuild (another labelling, a file added or removed) publishes its own table.
  if (request !== tableRequest) return;
  table = next;
  publishTable(problem);
}

function publishTable(problem: string | null): void {
  const s = store();
  const summary = table ? summarizeTable(table) : null;
  if (summary) problem = tableProblem(summary);
  const busy = s.datasetPhase === 'decoding' || s.datasetPhase === 'extracting';
  // Keep the columns chosen in Explore when they still exist; with no choice made, leave suspect columns out.
  const suspects = new Set(summary?.suspectColumns.map((c) => c.name) ?? []);
  const kept =
    summary && s.keptFeatures
      ? s.keptFeatures.filter((c) => summary.columns.includes(c))
      : summary && suspects.size > 0
        ? summary.columns.filter((c) => !suspects.has(c))
        : null;
  s.patchDataset({
    tableSummary: summary,
    tableVersion: s.tableVersion + 1,
    datasetProblem: problem,
    keptFeatures: kept && kept.length > 0 ? kept : null,
    exploreFeature:
      summary && s.exploreFeature && summary.columns.includes(s.exploreFeature) ? s.exploreFeature : null,
    heatmapFeatures: s.heatmapFeatures?.filter((c) => summary?.columns.includes(c)) ?? null,
    datasetPhase: busy ? s.datasetPhase : problem && !summary ? 'error' : summary ? 'ready' : 'idle',
  });
}

export function setDatasetSource(source: DatasetSourceKind): void {
  store().patchDataset({
    datasetSource: source,
    keptFeatures: null,
    exploreFeature: null,
    heatmapFeatures: null,
  });
  rebuildTable();
}

/** Adds clips and starts turning them into rows. */
export function addClips(clips: NewClip[]): void {
  if (clips.length === 0) return;
  const entries: AudioClipEntry[] = clips.map((clip) => {
    const id = `clip${nextId++}`;
    audioOf.set(id, clip.audio);
    return {
      id,
      name: clip.name,
      className: clip.className.trim(),
      origin: clip.origin,
      status: 'pending',
      rows: 0,
      durationSeconds: null,
    };
  });
  const s = store();
  s.addClips(entries);
  if (s.datasetSource !== 'audio') s.patchDataset({ datasetSource: 'audio' });
  void pump();
}

export function setClipClass(id: string, className: string): void {
  store().updateClip(id, { className: className.trim() });
  rebuildTable();
}

export function removeClip(id: string): void {
  audioOf.delete(id);
  rowsOf.delete(id);
  store().removeClip(id);
  void client?.forget([id]);
  rebuildTable();
}

export function removeAllClips(): void {
  for (const clip of store().clips) {
    audioOf.delete(clip.id);
    rowsOf.delete(clip.id);
    store().removeClip(clip.id);
  }
  void client?.forget('all');
  rebuildTable();
}

/** Re-extracts every clip in another feature set. */
export function setFeatureSet(featureSet: AudioFeatureSet): void {
  const s = store();
  if (s.featureSet === featureSet) return;
  generation++;
  rowsOf.clear();
  s.patchDataset({ featureSet, keptFeatures: null, exploreFeature: null, heatmapFeatures: null });
  for (const clip of s.clips) s.updateClip(clip.id, { status: 'pending', rows: 0, error: undefined });
  rebuildTable();
  void pump();
}

/** Decodes and extracts pending clips one by one, reporting progress; failures mark the clip and the error list. */
async function pump(): Promise<void> {
  if (pumping) return;
  pumping = true;
  try {
    for (;;) {
      const s = store();
      const clip = s.clips.find((c) => c.status === 'pending');
      if (!clip) break;
      const audio = audioOf.get(clip.id);
      const started = generation;
      const total = s.clips.length;
      const done = s.clips.filter((c) => c.status === 'ready' || c.status === 'error').length;
      s.updateClip(clip.id, { status: 'working' });
      try {
        if (!audio) throw new Error('its audio is no longer loaded');
        let channels: Float32Array[];
        let sampleRate: number;
        if (audio.kind === 'encoded') {
          s.patchDataset({ datasetPhase: 'decoding', extractProgress: { done, total, current: clip.name } });
          ({ channels, sampleRate } = await decodeToChannels(audio.blob, clip.name));
        } else {
          // The worker takes the buffers: hand it copies so the recording can be extracted again.
          channels = audio.channels.map((c) => c.slice());
          sampleRate = audio.sampleRate;
        }
        store().patchDataset({
          datasetPhase: 'extracting',
          extractProgress: { done, total, current: clip.name },
        });
        const { rows, durationSeconds } = await features().extract(
          clip.id,
          channels,
          sampleRate,
          store().featureSet,
          true,
        );
        if (started !== generation || !audioOf.has(clip.id)) continue;
        rowsOf.set(clip.id, rows);
        store().updateClip(clip.id, { status: 'ready', rows: rows.count, durationSeconds });
      } catch (error) {
        const message = messageOf(error);
        const text = message.startsWith('Could not') ? message : `Could not use "${clip.name}": ${message}`;
        store().updateClip(clip.id, { status: 'error', error: text });
        store().reportError(text);
      }
    }
  } finally {
    pumping = false;
    store().patchDataset({ datasetPhase: 'idle', extractProgress: null });
    rebuildTable();
  }
}

/** Reads CSV files (text and header) and adds them with default labelling. */
export async function addCsvFiles(files: File[]): Promise<void> {
  for (const file of files) {
    try {
      const id = `csv${nextId++}`;
      const header = await csvWorker().add(id, file);
      const entry: CsvFileEntry = {
        id,
        name: file.name,
        header,
        ...csvEntryDefaults(file.name, header, store().csvFiles.length),
      };
      store().addCsvFile(entry);
    } catch (error) {
      store().reportError(`Could not read "${file.name}" as CSV: ${messageOf(error)}`);
    }
  }
  // A second file turns the first into "all rows are one class" too, unless it names a label column.
  const s = store();
  if (s.csvFiles.length > 1) {
    for (const f of s.csvFiles) {
      if (f.labelMode === 'column' && !f.header.some((h) => h.toLowerCase() === 'label')) {
        s.updateCsvFile(f.id, { labelMode: 'class' });
      }
    }
  }
  s.patchDataset({ datasetSource: 'csv' });
  rebuildTable();
}

export function updateCsvFile(id: string, patch: Partial<Omit<CsvFileEntry, 'id'>>): void {
  store().updateCsvFile(id, patch);
  rebuildTable();
}

export function removeCsvFile(id: string): void {
  // Only frees the worker's copy of the text: the file is gone from the table whether or not that succeeds.
  void csvWorker()
    .remove(id)
    .catch(() => {});
  store().removeCsvFile(id);
  rebuildTable();
}

/**
 * Augmented rows for the training clips (`clipIds`), `options.copies` per clip, seeded per clip. Clips whose
 * signal the worker no longer holds are skipped and named in `missing`.
 */
export async function augmentClips(
  clipIds: readonly string[],
  options: AugmentOptions,
  seed: number,
  onProgress?: (done: number, total: number) => void,
): Promise<{ rows: Map<string, ClipRows>; missing: string[] }> {
  const clips = clipIds.map((clipId, i) => ({ clipId, seed: seed * 100_003 + i }));
  const reply = await features().augment(clips, store().featureSet, options, onProgress);
  return { rows: new Map(reply.clips.map((c) => [c.clipId, c.rows])), missing: reply.missing };
}
