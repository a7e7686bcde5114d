import { useEffect, useId, useRef, useState } from 'react';
import type { LiveTeacher, TaughtStatus } from '../../workers/liveClient';
import { MAX_TEACH_SECONDS } from '../../core/predict/livePredictor';
import { useAppStore } from '../../state/store';
import type { LiveFeed } from './liveFeed';
import { TaughtList } from './TaughtList';

interface TeachPanelProps {
  feed: LiveFeed;
  /** The listening session's teacher (null when not listening or without a model). */
  teacher: () => LiveTeacher | null;
  /** The classes predicted changed (a class was taught or removed). */
  onClassNames: (classNames: string[]) => void;
}

type Phase = { kind: 'idle' } | { kind: 'teaching'; name: string } | { kind: 'busy' };

/**
 * "Teach it your instrument": record 5–10 s of sound into a class (one the model knows, or a new one); from
 * then on Live blends the taught class in. Taught classes are kept in this browser and can be removed.
 */
export function TeachPanel({ feed, teacher, onClassNames }: TeachPanelProps) {
  const livePhase = useAppStore((s) => s.livePhase);
  const session = useAppStore((s) => s.liveSession);
  const [local, setLocal] = useState<{
    owner: LiveTeacher | null;
    status: TaughtStatus | null;
    phase: Phase;
  }>({
    owner: null,
    status: null,
    phase: { kind: 'idle' },
  });
  const [choice, setChoice] = useState('');
  const [newName, setNewName] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [progress, setProgress] = useState(0);
  const classId = useId();
  const nameId = useId();
  const listening = livePhase === 'listening';
  const current = listening ? teacher() : null;
  // A new session brings its own teacher, with the classes taught before already applied.
  const mine = local.owner === current;
  const status = mine ? local.status : (current?.status ?? null);
  const phase: Phase = mine ? local.phase : { kind: 'idle' };
  const setStatus = (next: TaughtStatus) => setLocal((l) => ({ ...l, owner: current, status: next }));
  const setPhase = (next: Phase) =>
    setLocal((l) => ({ owner: current, status: l.owner === current ? l.status : status, phase: next }));

  const teaching = phase.kind === 'teaching';
  const finishRef = useRef<() => void>(() => {});
  // Progress arrives with every prediction: read once per frame; enough sound finishes by itself.
  useEffect(() => {
    if (!teaching) return;
    return feed.addDrawer(() => {
      const seconds = feed.latest?.teachingSeconds ?? 0;
      setProgress(Math.round(seconds * 10) / 10);
      if (seconds >= MAX_TEACH_SECONDS) finishRef.current();
    });
  }, [feed, teaching]);

  const finishing = useRef(false);
  const finish = async () => {
    if (!current || phase.kind !== 'teaching' || finishing.current) return;
    finishing.current = true;
    setPhase({ kind: 'busy' });
    try {
      const next = await current.finish();
      setStatus(next);
      onClassNames(next.classNames);
      const taught = next.classes.find((c) => c.name === phase.name);
      setMessage({
        text: `Taught "${phase.name}" from ${taught?.seconds.toFixed(1) ?? '?'} s of sound: Live uses it now.`,
        error: false,
      });
    } catch (error) {
      setMessage({ text: error instanceof Error ? error.message : String(error), error: true });
    }
    finishing.current = false;
    setPhase({ kind: 'idle' });
  };

  useEffect(() => {
    finishRef.current = () => void finish();
  });

  if (!session || session.modelName === null) {
    return (
      <section className="card live-teach" data-testid="live.teach">
        <h2 className="live-panel__title">Teach it your instrument</h2>
        <p className="muted">
          {listening
            ? 'Teaching needs an instruments model, and none is in use.'
            : 'Misheard? Start listening, then teach Live 5–10 s of your instrument.'}
        </p>
      </section>
    );
  }

  const known = status?.classNames ?? session.classNames;
  const start = async () => {
    if (!current) return;
    setMessage(null);
    const name = choice === '' ? newName : choice;
    try {
      const chosen = await current.start(name);
      setProgress(0);
      setPhase({ kind: 'teaching', name: chosen });
    } catch (error) {
      setMessage({ text: error instanceof Error ? error.message : String(error), error: true });
    }
  };
  const cancel = async () => {
    setPhase({ kind: 'idle' });
    await current?.cancel().catch(() => undefined);
    setMessage({ text: 'Teaching cancelled: nothing was kept.', error: false });
  };
  const remove = async (name: string) => {
    if (!current) return;
    try {
      const next = await current.remove(name);
      setStatus(next);
      onClassNames(next.classNames);
      setMessage({ text: `Removed "${name}".`, error: false });
    } catch (error) {
      setMessage({ text: error instanceof Error ? error.message : String(error), error: true });
    }
  };

  return (
    <section className="card live-teach" data-testid="live.teach" data-phase={phase.kind}>
      <h2 className="live-panel__title">Teach it your instrument</h2>
      <p className="muted">
        Misheard? Choose the class (or name a new one), press Teach and play 5–10 s of it. Only sound is
        taught, not silence; the class is kept in this browser, on top of this model only.
      </p>
      <div className="live-teach__row">
        <label htmlFor={classId}>Class</label>
        <select
          id={classId}
          data-testid="live.teach.class"
          value={choice}
          disabled={!listening || phase.kind !== 'idle'}
          onChange={(e) => setChoice(e.target.value)}
        >
          <option value="">New class…</option>
          {known.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        {choice === '' && (
          <>
            <label htmlFor={nameId} className="visually-hidden">
              New class name
            </label>
            <input
              id={nameId}
              data-testid="live.teach.name"
              placeholder="e.g. my ukulele"
              maxLength={60}
              value={newName}
              disabled={!listening || phase.kind !== 'idle'}
              onChange={(e) => setNewName(e.target.value)}
            />
          </>
        )}
        {phase.kind === 'teaching' ? (
          <>
            <span className="live-teach__progress" data-testid="live.teach.progress" data-seconds={progress}>
              Teaching “{phase.name}”: {progress.toFixed(1)} s of sound
            </span>
            <button
              type="button"
              className="button"
              data-testid="live.teach.finish"
              onClick={() => void finish()}
            >
              Done
            </button>
            <button
              type="button"
              className="button button--quiet"
              data-testid="live.teach.cancel"
              onClick={() => void cancel()}
            >
              Cancel
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button"
            data-testid="live.teach.start"
            disabled={!listening || !current || phase.kind !== 'idle'}
            onClick={() => void start()}
          >
            Teach
          </button>
        )}
      </div>
      {message && (
        <p
          className={`live-teach__message${message.error ? ' live-teach__message--error' : ''}`}
          role="status"
          data-testid="live.teach.message"
          data-error={message.error}
        >
          {message.text}
        </p>
      )}
      {status?.notice && (
        <p className="live-teach__message live-teach__message--error" data-testid="live.teach.notice">
          {status.notice}
        </p>
      )}
      <TaughtList classes={status?.classes ?? []} applied={status?.applied ?? true} onRemove={remove} />
    </section>
  );
}
