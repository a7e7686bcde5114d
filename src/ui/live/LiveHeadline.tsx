import { useEffect, useRef } from 'react';
import { useAppStore } from '../../state/store';
import type { LiveFeed } from './liveFeed';
import { NOTHING_LABEL } from './liveReading';

/** The instrument playing now, in large type; its probability is written per frame, not re-rendered. */
export function LiveHeadline({ feed }: { feed: LiveFeed }) {
  const phase = useAppStore((s) => s.livePhase);
  const reading = useAppStore((s) => s.liveReading);
  const session = useAppStore((s) => s.liveSession);
  const confidenceRef = useRef<HTMLSpanElement>(null);

  useEffect(
    () =>
      feed.addDrawer(() => {
        const el = confidenceRef.current;
        const top = feed.reading;
        if (!el) return;
        el.textContent =
          top && !top.silent && top.index >= 0
            ? `${feed.classNames[top.index]} ${Math.round(top.confidence * 100)} %`
            : '';
      }),
    [feed],
  );

  const listening = phase === 'listening';
  const noModel = listening && session !== null && session.modelName === null;
  const label = listening && reading ? (reading.label ?? NOTHING_LABEL) : null;
  const idleText = phase === 'starting' ? 'Starting…' : listening ? 'Listening…' : 'Not listening';
  const note = !listening
    ? phase === 'starting'
      ? 'Starting the microphone…'
      : 'Press Start and play something near the microphone.'
    : noModel
      ? 'No instruments model is available: showing the sound only.'
      : !reading
        ? 'The first second fills the window.'
        : reading.silent
          ? 'Silence: nothing is playing.'
          : reading.label === null
            ? 'Not sure: no class is above the threshold, or it is not an instrument.'
            : 'Playing now';

  return (
    <div className="live-headline" aria-live="polite">
      <div
        className={`live-headline__label${label === null || label === NOTHING_LABEL ? ' live-headline__label--quiet' : ''}`}
        data-testid="live.top"
      >
        {label ?? idleText}
      </div>
      <div className="live-headline__note">
        <span>{note}</span>
        <span ref={confidenceRef} className="live-headline__confidence" data-testid="live.confidence" />
      </div>
    </div>
  );
}
