import { useRef, useState } from 'react';
import { LiveControls } from './LiveControls';
import { LiveFeed } from './liveFeed';
import { LiveHeadline } from './LiveHeadline';
import { LevelMeter } from './LevelMeter';
import { LiveStats } from './LiveStats';
import { ProbabilityChart } from './ProbabilityChart';
import { SpectrogramCanvas } from './SpectrogramCanvas';
import { useLiveSession } from './useLiveSession';
import './live.css';

/** Live: names the instrument the microphone hears, about 11 times a second, with its history and spectrum. */
export function LiveView() {
  const [feed] = useState(() => new LiveFeed());
  const statsRef = useRef<HTMLDListElement>(null);
  const { start, stop } = useLiveSession(feed, statsRef);

  return (
    <div className="live" data-testid="live.view">
      <div className="card live-top">
        <LiveHeadline feed={feed} />
        <LiveControls onStart={() => void start()} onStop={() => void stop()} />
        <LevelMeter feed={feed} />
        <LiveStats ref={statsRef} />
      </div>
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
