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
    // A tab left open for days still learns of a deployment: ask the server hourly (a few hundred bytes).
    onRegisteredSW: (_url, registration) => {
      if (registration) setInterval(() => void registration.update().catch(() => {}), UPDATE_CHECK_MS);
    },
  });
}

const UPDATE_CHECK_MS = 60 * 60 * 1000;

export const appUpdateState = (): AppUpdateState => state;

/** Calls `listener` on every change; returns its cleanup. */
export function subscribeAppUpdate(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Activates the waiting version and reloads the page into it. The reload is ours: Workbox reloads only for an
 * update it found itself, not one the browser's own check (or the hourly one) found.
 */
export async function applyAppUpdate(): Promise<void> {
  if (!update) return;
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), {
    once: true,
  });
  await update(true);
}

export function dismissAppUpdate(): void {
  publish({ needRefresh: false, offlineReady: false });
}
