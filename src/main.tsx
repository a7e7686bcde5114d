import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The shared look first; each feature's stylesheet comes with its view.
import './ui/app.css';
import { App } from './ui/App';
import { registerAppServiceWorker } from './browser/serviceWorker';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Offline after the first visit (production builds); a newer deployed version waits for the person's Reload.
registerAppServiceWorker();
