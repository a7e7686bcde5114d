import type { StateCreator } from 'zustand';
import type { AppState } from './store';

export type TabId = 'classify' | 'live' | 'train' | 'about';

export interface AppError {
  id: number;
  message: string;
}

export interface UiSlice {
  tab: TabId;
  errors: AppError[];
  setTab(tab: TabId): void;
  /** Shows a message in the one visible error list (`app.error`); returns its id. */
  reportError(message: string): number;
  dismissError(id: number): void;
}

let nextErrorId = 1;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  tab: 'classify',
  errors: [],
  setTab: (tab) => set({ tab }),
  reportError: (message) => {
    const id = nextErrorId++;
    set((s) => ({ errors: [...s.errors, { id, message }] }));
    return id;
  },
  dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
});
