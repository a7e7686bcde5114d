import type { StateCreator } from 'zustand';
import { listModels, type ModelEntry } from '../browser/modelRegistry';
import type { AppState } from './store';

/** The jobs a model can be put to in Classify and Live. */
export type ModelRole = 'genre' | 'instruments' | 'reggaeton';

export interface ModelsSlice {
  modelsPhase: 'idle' | 'loading' | 'ready' | 'error';
  models: ModelEntry[];
  /** Why shipped or saved models are missing, for the banner. */
  modelsNotice: string | null;
  /** The model in use for each role, by registry id; shipped defaults until the user picks another. */
  activeModels: Partial<Record<ModelRole, string>>;
  refreshModels(): Promise<void>;
  chooseModel(role: ModelRole, id: string): void;
}

export const createModelsSlice: StateCreator<AppState, [], [], ModelsSlice> = (set, get) => ({
  modelsPhase: 'idle',
  models: [],
  modelsNotice: null,
  activeModels: {},
  refreshModels: async () => {
    set({ modelsPhase: 'loading' });
    try {
      const { entries, shipped, storageProblem } = await listModels();
      const active = { ...get().activeModels };
      for (const role of ['genre', 'instruments', 'reggaeton'] as const) {
        if (active[role] && entries.some((e) => e.id === active[role])) continue;
        const fallback = entries.find((e) => e.source === 'shipped' && e.task === role);
        if (fallback) active[role] = fallback.id;
        else delete active[role];
      }
      const notice =
        shipped.state === 'invalid'
          ? `The shipped models could not be read: ${shipped.reason}`
          : shipped.state === 'absent'
            ? 'No trained models are shipped yet — the genre and instrument models arrive with `npm run build:models`. Until then Oído decodes your audio and shows its features.'
            : (storageProblem ?? null);
      set({ models: entries, activeModels: active, modelsNotice: notice, modelsPhase: 'ready' });
    } catch (error) {
      set({ modelsPhase: 'error', modelsNotice: error instanceof Error ? error.message : String(error) });
    }
  },
  chooseModel: (role, id) => set((s) => ({ activeModels: { ...s.activeModels, [role]: id } })),
});
