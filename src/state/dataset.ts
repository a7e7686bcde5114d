import type { StateCreator } from 'zustand';
import type { SuspectColumn } from '../core/data/columns';
import type { CapNote } from '../core/dataset/perFile';
import type { DroppedRow, IgnoredColumn } from '../core/data/tabular';
import type { AudioFeatureSet } from '../core/features/audioSets';
import type { AppState } from './store';

/**
 * The Train tab's data: labelled clips (or CSV files), how they become feature rows, and what Explore keeps.
 * The audio itself, the decoded rows and the CSV text stay in `src/ui/train/data/datasetService.ts`; the
 * store holds names, labels, progress and a summary of the assembled table.
 */

export type DatasetSourceKind = 'audio' | 'csv';

/** `decoding`/`extracting`: clips are being read and turned into rows; `ready`: a table can be trained on. */
/** `reading`: the CSV worker is parsing the files as labelled now. */
export type DatasetPhase = 'idle' | 'decoding' | 'extracting' | 'reading' | 'ready' | 'error';

export interface AudioClipEntry {
  id: string;
  name: string;
  /** The folder or class the clip was given; '' while unlabelled. */
  className: string;
  origin: 'folder' | 'file' | 'microphone';
  status: 'pending' | 'working' | 'ready' | 'error';
  /** Feature rows the clip gave (windows or patches). */
  rows: number;
  durationSeconds: number | null;
  error?: string;
}

export interface CsvFileEntry {
  id: string;
  name: string;
  header: string[];
  /** `column`: a column names each row's class; `class`: every row of the file is `className`. */
  labelMode: 'column' | 'class';
  labelColumn: string | null;
  className: string;
}

/** What the assembled feature table holds (the numbers themselves stay in the dataset service). */
export interface TableSummary {
  rows: number;
  columns: string[];
  inputShape: number[];
  classNames: string[];
  classCounts: number[];
  /** Distinct groups (files, tracks) per class: what imbalance is judged by (core/dataset/perFile). */
  classFiles?: number[];
  /** Audio: windows left out so that no clip outweighs the others; null when none. */
  capNote?: CapNote | null;
  /** Distinct groups (files or tracks): splits keep a group on one side. */
  groups: number;
  dropped: DroppedRow[];
  ignoredColumns: IgnoredColumn[];
  /** Columns left out because not every CSV file has them. */
  uncommonColumns: string[];
  /** Columns left out of training unless the user keeps them (row ids; a column that alone separates the classes). */
  suspectColumns: SuspectColumn[];
}

export interface DatasetSlice {
  datasetSource: DatasetSourceKind;
  featureSet: AudioFeatureSet;
  clips: AudioClipEntry[];
  csvFiles: CsvFileEntry[];
  datasetPhase: DatasetPhase;
  extractProgress: { done: number; total: number; current: string | null } | null;
  /** Why the table cannot be built (too few classes, a CSV problem), shown beside the data. */
  datasetProblem: string | null;
  tableSummary: TableSummary | null;
  /** Bumped whenever the table's numbers change, so views recompute what they derive from them. */
  tableVersion: number;
  /** Columns kept for training (Explore's choice); null keeps every column. */
  keptFeatures: string[] | null;
  /** The feature whose per-class histogram Explore shows. */
  exploreFeature: string | null;
  /** Columns of the correlation heatmap (at most 60); null: the first 60 kept. */
  heatmapFeatures: string[] | null;
  patchDataset(patch: Partial<DatasetFields>): void;
  addClips(clips: AudioClipEntry[]): void;
  updateClip(id: string, patch: Partial<Omit<AudioClipEntry, 'id'>>): void;
  removeClip(id: string): void;
  addCsvFile(file: CsvFileEntry): void;
  updateCsvFile(id: string, patch: Partial<Omit<CsvFileEntry, 'id'>>): void;
  removeCsvFile(id: string): void;
  setKeptFeatures(columns: string[] | null): void;
}

export type DatasetFields = Omit<
  DatasetSlice,
  | 'patchDataset'
  | 'addClips'
  | 'updateClip'
  | 'removeClip'
  | 'addCsvFile'
  | 'updateCsvFile'
  | 'removeCsvFile'
  | 'setKeptFeatures'
>;

export const MAX_HEATMAP_FEATURES = 60;

export const createDatasetSlice: StateCreator<AppState, [], [], DatasetSlice> = (set) => ({
  datasetSource: 'audio',
  featureSet: 'frames',
  clips: [],
  csvFiles: [],
  datasetPhase: 'idle',
  extractProgress: null,
  datasetProblem: null,
  tableSummary: null,
  tableVersion: 0,
  keptFeatures: null,
  exploreFeature: null,
  heatmapFeatures: null,
  patchDataset: (patch) => set(patch),
  addClips: (clips) => set((s) => ({ clips: [...s.clips, ...clips] })),
  updateClip: (id, patch) =>
    set((s) => ({ clips: s.clips.map((c) => (c.id === id ? { ...c, ...patch } : c)) })),
  removeClip: (id) => set((s) => ({ clips: s.clips.filter((c) => c.id !== id) })),
  addCsvFile: (file) => set((s) => ({ csvFiles: [...s.csvFiles, file] })),
  updateCsvFile: (id, patch) =>
    set((s) => ({ csvFiles: s.csvFiles.map((f) => (f.id === id ? { ...f, ...patch } : f)) })),
  removeCsvFile: (id) => set((s) => ({ csvFiles: s.csvFiles.filter((f) => f.id !== id) })),
  setKeptFeatures: (columns) => set({ keptFeatures: columns }),
});
