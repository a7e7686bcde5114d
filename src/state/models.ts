import type { StateCreator } from 'zustand';
import { loadModelChoice, saveModelChoice } from '../browser/modelChoice';
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
  /** Puts a model to work for a role and remembers the choice across reloads. */
  chooseModel(role: ModelRole, id: string): void;
  /** Back to the model shipped for this role, forgetting the choice. */
  chooseShippedModel(role: ModelRole): void;
}

const ROLES: readonly ModelRole[] = ['genre', 'instruments', 'reggaeton'];

/** Only the person's own choices are remembered: a shipped model is the default, not a choice. */
function rememberChoices(active: Partial<Record<ModelRole, string>>): void {
  saveModelChoice(
    Object.fromEntries(Object.entries(active).filter(([, id]) => id && !id.startsWith('shipped:'))),
  );
}

const rememberedChoice = (): Partial<Record<ModelRole, string>> => {
  const saved = loadModelChoice();
  return Object.fromEntries(ROLES.filter((r) => saved[r]).map((r) => [r, saved[r]]));
};

export const createModelsSlice: StateCreator<AppState, [], [], ModelsSlice> = (set, get) => ({
  modelsPhase: 'idle',
  models: [],
  modelsNotice: null,
  activeModels: rememberedChoice(),
  refreshModels: async () => {
    set({ modelsPhase: 'loading' });
    try {
      const { entries, shipped, storageProblem } = await listModels();
      const active = { ...get().activeModels };
      for (const role of ROLES) {
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
      // A remembered model that was deleted is forgotten; not when storage could not be read at all.
      if (!storageProblem) rememberChoices(active);
    } catch (error) {
      set({ modelsPhase: 'error', modelsNotice: error instanceof Error ? error.message : String(error) });
    }
  },
  chooseModel: (role, id) => {
    set((s) => ({ activeModels: { ...s.activeModels, [role]: id } }));
    rememberChoices(get().activeModels);
  },
  chooseShippedModel: (role) => {
    const shipped = get().models.find((e) => e.source === 'shipped' && e.task === role);
    set((s) => {
      const active = { ...s.activeModels };
      if (shipped) active[role] = shipped.id;
      else delete active[role];
      return { activeModels: active };
    });
    rememberChoices(get().activeModels);
  },
});
