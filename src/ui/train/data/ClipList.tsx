import { useMemo } from 'react';
import type { AudioClipEntry } from '../../../state/dataset';
import { useAppStore } from '../../../state/store';
import { removeAllClips, removeClip, setClipClass } from './datasetService';

const STATUS_TEXT: Record<AudioClipEntry['status'], string> = {
  pending: 'waiting',
  working: 'reading…',
  ready: 'ready',
  error: 'failed',
};

function ClipRow({ clip }: { clip: AudioClipEntry }) {
  return (
    <li className={`clip clip--${clip.status}`} data-testid="train.clip">
      <span className="clip__name" title={clip.name}>
        {clip.name}
      </span>
      <input
        className="clip__class"
        aria-label={`Class of ${clip.name}`}
        list="train-class-names"
        defaultValue={clip.className}
        onBlur={(event) => {
          if (event.target.value.trim() !== clip.className) setClipClass(clip.id, event.target.value);
        }}
      />
      <span className="clip__facts">
        {clip.durationSeconds !== null && `${clip.durationSeconds.toFixed(1)} s · `}
        {clip.status === 'ready' ? `${clip.rows} rows` : STATUS_TEXT[clip.status]}
      </span>
      <button
        type="button"
        className="button button--quiet"
        aria-label={`Remove ${clip.name}`}
        onClick={() => removeClip(clip.id)}
      >
        ×
      </button>
      {clip.error && <span className="clip__error">{clip.error}</span>}
    </li>
  );
}

/** The clips by class, each relabelable or removable. */
export function ClipList() {
  const clips = useAppStore((s) => s.clips);
  const byClass = useMemo(() => {
    const groups = new Map<string, AudioClipEntry[]>();
    for (const clip of clips) {
      const key = clip.className || '(no class)';
      groups.set(key, [...(groups.get(key) ?? []), clip]);
    }
    return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }, [clips]);
  const classes = byClass.map(([name]) => name).filter((n) => n !== '(no class)');
  if (clips.length === 0) return null;
  return (
    <div className="clips" data-testid="train.clips">
      <div className="clips__header">
        <span>
          {clips.length} clips in {classes.length} classes
        </span>
        <button type="button" className="button button--quiet" onClick={removeAllClips}>
          Remove all
        </button>
      </div>
      <datalist id="train-class-names">
        {classes.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      {byClass.map(([name, list]) => (
        <details key={name} className="clips__class">
          <summary>
            <strong>{name}</strong>{' '}
            <span className="muted">
              {list.length} clips · {list.reduce((n, c) => n + c.rows, 0)} rows
              {list.some((c) => c.status === 'error') && ' · some failed'}
            </span>
          </summary>
          <ul className="clips__list">
            {list.map((clip) => (
              <ClipRow key={clip.id} clip={clip} />
            ))}
          </ul>
        </details>
      ))}
    </div>
  );
}
