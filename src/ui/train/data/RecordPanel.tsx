import { useRef, useState } from 'react';
import { useAppStore } from '../../../state/store';
import { addClips } from './datasetService';
import { recordClip, type ClipRecorder } from './recordClip';

const MAX_SECONDS = 10;

/** Records up to 10 s from the microphone into the class named beside it. */
export function RecordPanel({ className }: { className: string }) {
  const reportError = useAppStore((s) => s.reportError);
  const [state, setState] = useState<{ seconds: number; peak: number } | null>(null);
  const recorder = useRef<ClipRecorder | null>(null);
  const count = useRef(0);

  const start = async () => {
    const target = className.trim();
    if (!target) return;
    setState({ seconds: 0, peak: 0 });
    try {
      const clip = await recordClip(MAX_SECONDS, (seconds, peak) => setState({ seconds, peak }));
      recorder.current = clip;
      const { samples, sampleRate } = await clip.finished;
      recorder.current = null;
      setState(null);
      if (samples.length < sampleRate * 0.2) {
        reportError('The recording was shorter than 0.2 s: nothing was added', 'train.record');
        return;
      }
      count.current++;
      addClips([
        {
          name: `recording ${count.current} (${target})`,
          className: target,
          origin: 'microphone',
          audio: { kind: 'pcm', channels: [samples], sampleRate },
        },
      ]);
    } catch (error) {
      recorder.current = null;
      setState(null);
      reportError(
        `Could not record: ${error instanceof Error ? error.message : String(error)}`,
        'train.record',
      );
    }
  };

  return (
    <span className="record">
      {state ? (
        <button
          type="button"
          className="button button--danger"
          data-testid="train.record"
          onClick={() => recorder.current?.stop()}
        >
          Stop ({state.seconds.toFixed(1)} s)
        </button>
      ) : (
        <button
          type="button"
          className="button button--secondary"
          data-testid="train.record"
          disabled={!className.trim()}
          title={
            className.trim()
              ? `Record up to ${MAX_SECONDS} s into "${className.trim()}"`
              : 'Name a class first'
          }
          onClick={() => void start()}
        >
          Record a clip
        </button>
      )}
      {state && (
        <meter className="record__level" min={0} max={1} value={state.peak} aria-label="Input level" />
      )}
    </span>
  );
}
