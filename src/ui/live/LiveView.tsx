import { useCallback, useRef, useState } from 'react';
import { useAppStore } from '../../state/store';
import { LiveControls } from './LiveControls';
import { LiveFeed } from './liveFeed';
import { LiveHeadline } from './LiveHeadline';
import { LevelMeter } from './LevelMeter';
import { LiveStats } from './LiveStats';
import { ProbabilityChart } from './ProbabilityChart';
import { SpectrogramCanvas } from './SpectrogramCanvas';
import { TeachPanel } from './TeachPanel';
import { useLiveSession } from './useLiveSession';
import { FieldErrors } from '../FieldErrors';
import './live.css';

/** Live: names the instrument the microphone hears, about 11 times a second, with its history and spectrum. */
export function LiveView() {
  const [feed] = useState(() => new LiveFeed());
  const statsRef = useRef<HTMLDListElement>(null);
  const { start, stop, teacher } = useLiveSession(feed, statsRef);
  // Taught classes add to the model's: the chart, the headline and the session summary follow.
  const onClassNames = useCallback(
    (classNames: string[]) => {
      if (classNames.join('\n') === feed.classNames.join('\n')) return;
      feed.setClassNames(classNames);
      const { liveSession, setLiveSession } = useAppStore.getState();
      if (liveSession) setLiveSession({ ...liveSession, classNames });
    },
    [feed],
  );

  return (
    <div className="live" data-testid="live.view">
      <div className="card live-top">
        <LiveHeadline feed={feed} />
        <LiveControls onStart={() => void start()} onStop={() => void stop()} />
        <FieldErrors source="live.start" />
        <LevelMeter feed={feed} />
        <LiveStats ref={statsRef} />
      </div>
      <TeachPanel feed={feed} teacher={teacher} onClassNames={onClassNames} />
      <div className="card live-panel">
        <h2 className="live-panel__title">Class probabilities, last 10 s</h2>
        <ProbabilityChart feed={feed} />
      </div>
      <div className="card live-panel">
        <h2 className="live-panel__title">Spectrogram (log-mel), last 10 s</h2>
        <SpectrogramCanvas feed={feed} />
      </div>
      <p className="muted live-privacy">
        The microphone is analysed in this browser and nothing is recorded or sent anywhere. Leaving this tab
        stops listening.
      </p>
    </div>
  );
}
