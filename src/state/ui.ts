import type { StateCreator } from 'zustand';
import type { AppState } from './store';

export type TabId = 'classify' | 'live' | 'train' | 'about';

/**
 * Where an error came from: the control whose action failed, so the message can be shown beside it
 * (`FieldErrors`) as well as in the banner, and cleared when that control next succeeds.
 */
export type ErrorSource =
  | 'classify.drop'
  | 'classify.demo'
  | 'train.audio'
  | 'train.record'
  | 'train.start'
  | 'keep.run'
  | 'keep.import'
  | 'keep.saved'
  | 'live.start';

export interface AppError {
  id: number;
  message: string;
  source?: ErrorSource;
  /** How many times this same message came from this same source; repeats never stack. */
  count: number;
}

export interface UiSlice {
  tab: TabId;
  errors: AppError[];
  setTab(tab: TabId): void;
  /**
   * Shows a message in the banner (`app.error`) and, with a source, beside its control; returns its id.
   * The same message from the same source again counts up on the entry already shown.
   */
  reportError(message: string, source?: ErrorSource): number;
  dismissError(id: number): void;
  /** The cause is fixed (the control's action succeeded): its messages go. */
  clearErrors(source: ErrorSource): void;
}

let nextErrorId = 1;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  tab: 'classify',
  errors: [],
  setTab: (tab) => set({ tab }),
  reportError: (message, source) => {
    const same = get().errors.find((e) => e.message === message && e.source === source);
    if (same) {
      set((s) => ({ errors: s.errors.map((e) => (e.id === same.id ? { ...e, count: e.count + 1 } : e)) }));
      return same.id;
    }
    const id = nextErrorId++;
    set((s) => ({ errors: [...s.errors, { id, message, source, count: 1 }] }));
    return id;
  },
  dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
  clearErrors: (source) => {
    if (!get().errors.some((e) => e.source === source)) return;
    set((s) => ({ errors: s.errors.filter((e) => e.source !== source) }));
  },
});
