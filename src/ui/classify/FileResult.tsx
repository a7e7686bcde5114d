import { memo, useDeferredValue, useMemo } from 'react';
import { PlaybackClock } from './playbackClock';
import type { ClassifyFile, PhaseTimings } from '../../state/classify';
import { useAppStore } from '../../state/store';
import type { ClassifyService } from './classifyService';
import { FeatureTable } from './FeatureTable';
import { channelLabel, formatBytes, formatDuration, formatRate } from './format';
import { GenreBars } from './GenreBars';
import { GenreTimeline } from './GenreTimeline';
import { InstrumentStrip } from './InstrumentStrip';
import { topClass } from './results';
import { SongPlayer } from './SongPlayer';
import { SongScatter } from './SongScatter';

const PHASE_TEXT: Record<ClassifyFile['phase'], string> = {
  queued: 'Waiting for its turn',
  decoding: 'Decoding',
  extracting: 'Computing features and running the models',
  done: 'Done',
  error: 'Failed',
  cancelled: 'Cancelled',
};

function timingText(t: PhaseTimings): string {
  const ms = (v: number | undefined) =>
    v === undefined ? '—' : v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(2)} s`;
  return `decode ${ms(t.decode)} · resample ${ms(t.resample)} · features ${ms(t.features)} (all workers) · inference ${ms(t.inference)} · first answer ${ms(t.firstAnswer)} · total ${ms(t.total)}`;
}

export function FileResult({ id, service }: { id: string; service: ClassifyService }) {
  // A long song updates its card a few times a second: the card renders as a deferred (time-sliced) update,
  // so no render of its timeline, bars and scatter holds the page's main thread.
  const file = useDeferredValue(useAppStore((s) => s.classifyFiles[id]));
  return <FileCard id={id} service={service} file={file} />;
}

interface FileCardProps {
  id: string;
  service: ClassifyService;
  file: ClassifyFile | undefined;
}

const FileCard = memo(function FileCard({ id, service, file }: FileCardProps) {
  const genreModel = useAppStore((s) => (file?.genre ? s.classifyModels[file.genre.modelId] : undefined));
  const instrumentsModel = useAppStore((s) =>
    file?.instruments ? s.classifyModels[file.instruments.modelId] : undefined,
  );
  const genre = file?.genre;
  const clock = useMemo(() => new PlaybackClock(), []);
  const top = topClass(genre);
  if (!file) return null;

  const running = file.phase === 'queued' || file.phase === 'decoding' || file.phase === 'extracting';
  const duration = file.durationSeconds ?? 0;
  const projection = genreModel?.projection;

  return (
    <article
      className="card result"
      data-testid="classify.result"
      data-phase={file.phase}
      data-analysis-samples={file.analysisSamples}
      aria-label={file.name}
    >
      <header className="result__header">
        <h3 className="result__name" data-testid="classify.file-name" title={file.name}>
          {file.name}
        </h3>
        {running ? (
          <button
            type="button"
            className="button button--quiet"
            data-testid="classify.cancel"
            onClick={() => service.cancel(id)}
          >
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => service.remove(id)}
            aria-label={`Remove ${file.name}`}
          >
            Remove
          </button>
        )}
      </header>
      {running && (
        <div className="progress" role="status" data-testid="classify.progress">
          <progress
            aria-label={`${PHASE_TEXT[file.phase]} ${file.name}`}
            value={file.phase === 'extracting' || file.progressKnown ? file.progress : undefined}
            max={1}
          />
          <span>
            {PHASE_TEXT[file.phase]}
            {(file.phase === 'extracting' || file.progressKnown) && ` — ${Math.round(file.progress * 100)} %`}
            …
          </span>
        </div>
      )}
      {file.phase === 'error' && <p className="result__failure">{file.error}</p>}
      {file.doubt && (
        <p className="result__doubt" role="note" data-testid="classify.doubt">
          Doubtful input: {file.doubt}.
        </p>
      )}
      {file.phase === 'cancelled' && <p className="muted">Analysis cancelled.</p>}
      {file.durationSeconds !== undefined && (
        <dl className="facts">
          <div>
            <dt>Duration</dt>
            <dd data-testid="classify.duration" data-seconds={file.durationSeconds}>
              {formatDuration(file.durationSeconds)}
            </dd>
          </div>
          <div>
            <dt>Sample rate</dt>
            <dd data-testid="classify.sample-rate">{formatRate(file.sampleRate ?? null)}</dd>
          </div>
          <div>
            <dt>Channels</dt>
            <dd>{channelLabel(file.channelCount ?? 1)}</dd>
          </div>
          <div>
            <dt>File</dt>
            <dd>
              {file.format ?? 'audio'} · {formatBytes(file.byteLength)}
            </dd>
          </div>
          {top && (
            <div>
              <dt>Genre</dt>
              <dd>
                <span data-testid="classify.top-genre">{top.name}</span>{' '}
                <span className="muted">{(top.p * 100).toFixed(0)} %</span>
              </dd>
            </div>
          )}
        </dl>
      )}
      {(file.phase === 'extracting' || file.phase === 'done') && (
        <SongPlayer
          name={file.name}
          file={service.fileOf(id)}
          visuals={file.hasVisuals ? service.visualsOf(id) : undefined}
          duration={duration}
          clock={clock}
        />
      )}
      {genre && (
        <section className="result__section" aria-label="Genre">
          <h4 className="result__heading">
            Genre{' '}
            <span className="result__model">
              {genreModel ? `${genreModel.name} · ${genreModel.backend.toUpperCase()}` : ''}
            </span>
          </h4>
          {genre.abstain && genre.abstain.reason !== 'silent' && genre.done === genre.total && (
            <p className="muted" data-testid="classify.abstain" data-reason={genre.abstain.reason}>
              {genre.abstain.message}
            </p>
          )}
          {genre.song && !genre.abstain ? (
            <div className="genre">
              <div className="genre__bars">
                <GenreBars classNames={genre.classNames} probs={genre.song} />
                <p className="muted genre__note">
                  Whole song: the mean of {genre.done} segment{genre.done === 1 ? '' : 's'}
                  {genre.done < genre.total && ` (${genre.total - genre.done} still running)`}, weighted by
                  length.
                </p>
              </div>
              {projection && genre.units.some((u) => u.point && u.probs) && (
                <SongScatter genre={genre} projection={projection} />
              )}
            </div>
          ) : genre.done === genre.total && genre.abstain?.reason === 'silent' ? (
            <p className="muted" data-testid="classify.silent">
              Every segment is silent: there is no genre to tell.
            </p>
          ) : (
            // No label, but the segments the model read are still placed among its training points: the
            // scatter marks those outside the training data.
            projection &&
            genre.done === genre.total &&
            genre.units.some((u) => u.point && u.probs) && (
              <div className="genre genre--unlabelled">
                <SongScatter genre={genre} projection={projection} />
              </div>
            )
          )}
          {genre.total > 0 && (
            <GenreTimeline
              classNames={genre.classNames}
              units={genre.units}
              segments={genre.segments}
              duration={duration}
              clock={clock}
            />
          )}
        </section>
      )}
      {file.instruments && (
        <section className="result__section" aria-label="Instruments">
          <h4 className="result__heading">
            Instruments over time{' '}
            <span className="result__model">
              {instrumentsModel ? `${instrumentsModel.name} · ${instrumentsModel.backend.toUpperCase()}` : ''}
            </span>
          </h4>
          <InstrumentStrip
            classNames={file.instruments.classNames}
            units={file.instruments.units}
            duration={duration}
            clock={clock}
          />
        </section>
      )}
      {file.features && (
        <details className="result__details">
          <summary>Features of the whole file</summary>
          <FeatureTable
            rows={file.features}
            caption={`Whole file, mono at 22,050 Hz: ${file.featureSet ?? ''}`}
          />
        </details>
      )}
      {file.phase === 'done' && (
        <p className="result__timings muted" data-testid="classify.timings">
          {timingText(file.timings)}
        </p>
      )}
    </article>
  );
});
