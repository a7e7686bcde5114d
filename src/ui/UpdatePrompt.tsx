import { useSyncExternalStore } from 'react';
import {
  applyAppUpdate,
  appUpdateState,
  dismissAppUpdate,
  subscribeAppUpdate,
} from '../browser/serviceWorker';

/** "A new version is ready — Reload": shown when a deployed version waits in the service worker. */
export function UpdatePrompt() {
  const { needRefresh } = useSyncExternalStore(subscribeAppUpdate, appUpdateState);
  if (!needRefresh) return null;
  return (
    <div className="notice update-prompt" role="status" data-testid="app.update">
      <span>A new version of Oído is ready.</span>
      <button type="button" className="button" onClick={() => void applyAppUpdate()}>
        Reload
      </button>
      <button type="button" className="button button--quiet" onClick={dismissAppUpdate}>
        Later
      </button>
    </div>
  );
}
