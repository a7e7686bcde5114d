import { useAppStore } from '../state/store';
import { AboutView } from './about/AboutView';
import { ClassifyView } from './classify/ClassifyView';
import { ErrorList } from './ErrorList';
import { LiveView } from './live/LiveView';
import { ModelsBanner } from './ModelsBanner';
import { TabBar } from './TabBar';
import { TrainView } from './train/TrainView';
import { UpdatePrompt } from './UpdatePrompt';

export function App() {
  const tab = useAppStore((s) => s.tab);
  const setTab = useAppStore((s) => s.setTab);
  const errors = useAppStore((s) => s.errors);
  const dismissError = useAppStore((s) => s.dismissError);

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
        <UpdatePrompt />
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
            <ClassifyView />
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
