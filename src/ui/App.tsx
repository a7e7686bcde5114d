import { useCallback, useState } from 'react';
import { AboutView } from './about/AboutView';
import { ClassifyView } from './classify/ClassifyView';
import { ErrorList } from './ErrorList';
import { LiveView } from './live/LiveView';
import { ModelsBanner } from './ModelsBanner';
import { TabBar, type TabId } from './TabBar';
import { TrainView } from './train/TrainView';

export interface AppError {
  id: number;
  message: string;
}

let nextErrorId = 1;

export function App() {
  const [tab, setTab] = useState<TabId>('classify');
  const [errors, setErrors] = useState<AppError[]>([]);

  const reportError = useCallback((message: string) => {
    setErrors((list) => [...list, { id: nextErrorId++, message }]);
  }, []);
  const dismissError = useCallback((id: number) => setErrors((list) => list.filter((e) => e.id !== id)), []);

  return (
    <div className="app">
      <header className="app-header">
        <div className="app-header__inner">
          <h1 className="app-title">
            Oído <span className="app-title__tagline">music classification in your browser</span>
          </h1>
          <TabBar active={tab} onChange={setTab} />
        </div>
      </header>
      <main className="app-main">
        <ModelsBanner />
        <ErrorList errors={errors} onDismiss={dismissError} />
        <section
          id={`panel-${tab}`}
          role="tabpanel"
          aria-labelledby={`tab-${tab}`}
          className="panel"
          data-testid={`view.${tab}`}
        >
          {/* Classify stays mounted so a running analysis survives a look at another tab. */}
          <div hidden={tab !== 'classify'}>
            <ClassifyView onError={reportError} />
          </div>
          {tab === 'live' && <LiveView />}
          {tab === 'train' && <TrainView />}
          {tab === 'about' && <AboutView />}
        </section>
      </main>
      <footer className="app-footer">Everything runs on this machine: no audio leaves your browser.</footer>
    </div>
  );
}
