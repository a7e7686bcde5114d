import { create } from 'zustand';
import { createClassifySlice, type ClassifySlice } from './classify';
import { createDatasetSlice, type DatasetSlice } from './dataset';
import { createLiveSlice, type LiveSlice } from './live';
import { createModelsSlice, type ModelsSlice } from './models';
import { createRunsSlice, type RunsSlice } from './runs';
import { createSweepSlice, type SweepSlice } from './sweep';
import { createTrainingSlice, type TrainingSlice } from './training';
import { createUiSlice, type UiSlice } from './ui';

/**
 * The one app store, built from typed slices. It holds ids, settings, logs and the latest predictions;
 * tensors, models and raw audio stay in the services under src/browser/ and src/workers/.
 */
export type AppState = UiSlice &
  ModelsSlice &
  ClassifySlice &
  TrainingSlice &
  DatasetSlice &
  RunsSlice &
  LiveSlice &
  SweepSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createUiSlice(...a),
  ...createModelsSlice(...a),
  ...createClassifySlice(...a),
  ...createTrainingSlice(...a),
  ...createDatasetSlice(...a),
  ...createRunsSlice(...a),
  ...createLiveSlice(...a),
  ...createSweepSlice(...a),
}));
