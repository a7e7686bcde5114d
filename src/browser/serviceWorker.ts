import { registerSW } from 'virtual:pwa-register';

/** What the page knows about its service worker: ready offline, and whether a newer version waits. */
export interface AppUpdateState {
  offlineReady: boolean;
  needRefresh: boolean;
}

type Listener = (state: AppUpdateState) => void;

let state: AppUpdateState = { offlineReady: false, needRefresh: false };
const listeners = new Set<Listener>();
let update: ((reload?: boolean) => Promise<void>) | null = null;

const publish = (next: Partial<AppUpdateState>) => {
  state = { ...state, ...next };
  for (const listener of [...listeners]) listener(state);
};

/**
 * Registers the Workbox service worker once (production builds only; Vite's dev server has none). A new
 * version is installed in the background and waits: `applyAppUpdate` activates it and reloads.
 */
export function registerAppServiceWorker(): void {
  if (update || !('serviceWorker' in navigator) || import.meta.env.DEV) return;
  update = registerSW({
    onNeedRefresh: () => publish({ needRefresh: true }),
    onOfflineReady: () => publish({ offlineReady: true }),
  });
}

export const appUpdateState = (): AppUpdateState => state;

/** Calls `listener` on every change; returns its cleanup. */
export function subscribeAppUpdate(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Activates the waiting version and reloads the page into it. */
export function applyAppUpdate(): Promise<void> {
  return update ? update(true) : Promise.resolve();
}

export function dismissAppUpdate(): void {
  publish({ needRefresh: false, offlineReady: false });
}
