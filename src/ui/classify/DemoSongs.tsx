import { useState } from 'react';
import { SONG_CREDITS } from '../about/credits';

const DEMOS = SONG_CREDITS.filter((credit) => credit.demo);

/** Reads a demo song shipped with the app (same origin) into a File, as if it had been dropped. */
async function demoFile(file: string): Promise<File> {
  const response = await fetch(`${import.meta.env.BASE_URL}demo/${file}`);
  if (!response.ok) throw new Error(`The demo song ${file} could not be loaded (HTTP ${response.status})`);
  return new File([await response.blob()], file, { type: response.headers.get('content-type') ?? '' });
}

/**
 * No song at hand: freely licensed songs shipped with the app, analysed like a dropped file. Always offered;
 * `compact` (once results are shown) puts them on one quiet line.
 */
export function DemoSongs({
  onFiles,
  onError,
  compact = false,
}: {
  onFiles: (files: File[]) => void;
  onError: (message: string) => void;
  compact?: boolean;
}) {
  const [loading, setLoading] = useState<string | null>(null);
  const open = async (file: string) => {
    if (loading !== null) return;
    setLoading(file);
    try {
      onFiles([await demoFile(file)]);
    } catch (error) {
      onError(error instanceof Error ? error.message : String(error));
    } finally {
      setLoading(null);
    }
  };
  return (
    <div className={`demo-songs${compact ? ' demo-songs--compact' : ''}`} data-testid="classify.demos">
      <p className="demo-songs__title">
        {compact ? 'Demo songs:' : 'No song at hand? Try one shipped with Oído:'}
      </p>
      <div className="demo-songs__list">
        {DEMOS.map(({ demo }) => (
          <button
            key={demo!.file}
            type="button"
            className="button button--secondary"
            data-testid="classify.demo"
            data-file={demo!.file}
            // aria-disabled, not disabled: a disabled button drops keyboard focus to the page body.
            aria-disabled={loading !== null}
            onClick={() => void open(demo!.file)}
          >
            {loading === demo!.file ? 'Loading…' : demo!.label}
          </button>
        ))}
      </div>
      <p className="demo-songs__credits muted">
        {DEMOS.map((credit, i) => (
          <span key={credit.title}>
            {i > 0 && ' · '}
            <a href={credit.url} target="_blank" rel="noreferrer noopener">
              {credit.title}
            </a>{' '}
            by {credit.author} ({credit.licence})
          </span>
        ))}
      </p>
    </div>
  );
}
