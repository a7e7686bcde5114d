import { useEffect, useRef } from 'react';
import { useAppStore } from '../../state/store';
import type { LiveFeed } from './liveFeed';
import type { LiveReading } from '../../state/live';
import type { HeadlineKind } from '../../core/predict/headline';

/** The headline's words for what is heard: silence and "not an instrument" are different answers. */
export const HEADLINE_TEXT = {
  silence: 'Silence',
  other: 'other sound',
  voice: 'voice',
  unknown: 'not an instrument I know',
} as const;

/** The line under the headline for each kind of answer. */
const KIND_NOTES: Record<HeadlineKind, string> = {
  waiting: 'Listening: the first moments of sound fill the window.',
  silence: 'Nothing is playing.',
  other: 'A sound, but not an instrument (the model’s “other” class).',
  voice: 'Someone speaking: a voice, not an instrument.',
  unknown: 'Sound it does not recognise: no class is confident enough, or the model says it is new to it.',
  instrument: 'Playing now',
};

function headlineOf(reading: LiveReading): string {
  switch (reading.kind) {
    case 'instrument':
      return reading.label ?? HEADLINE_TEXT.unknown;
    case 'silence':
    case 'other':
    case 'voice':
    case 'unknown':
      return HEADLINE_TEXT[reading.kind];
    default:
      return 'Listening…';
  }
}

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
        // Beside another answer than an instrument, the top class is only the closest guess.
        const named = useAppStore.getState().liveReading?.kind === 'instrument';
        el.textContent =
          top && !top.silent && top.index >= 0
            ? `${named ? '' : 'closest: '}${feed.classNames[top.index]} ${Math.round(top.confidence * 100)} %`
            : '';
      }),
    [feed],
  );

  const listening = phase === 'listening';
  const noModel = listening && session !== null && session.modelName === null;
  const label = listening && reading ? headlineOf(reading) : null;
  const idleText = phase === 'starting' ? 'Starting…' : listening ? 'Listening…' : 'Not listening';
  const note = !listening
    ? phase === 'starting'
      ? 'Starting the microphone…'
      : 'Press Start and play something near the microphone.'
    : noModel
      ? 'No instruments model is available: showing the sound only.'
      : KIND_NOTES[reading?.kind ?? 'waiting'];

  return (
    <div className="live-headline" aria-live="polite">
      <div
        className={`live-headline__label${reading?.kind === 'instrument' && label !== null ? '' : ' live-headline__label--quiet'}`}
        data-testid="live.top"
        data-kind={listening ? (reading?.kind ?? 'waiting') : 'idle'}
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
