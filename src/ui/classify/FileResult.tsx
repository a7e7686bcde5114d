import type { FileAnalysis } from '../../workers/featuresProtocol';
import { FeatureTable } from './FeatureTable';
import { channelLabel, formatBytes, formatDuration, formatRate } from './format';
import { Waveform } from './Waveform';

export interface AnalysedFile {
  key: number;
  name: string;
  byteLength: number;
  durationSeconds: number;
  originalSampleRate: number | null;
  format: string | null;
  channelCount: number;
  analysis: FileAnalysis;
}

export function FileResult({ file, onRemove }: { file: AnalysedFile; onRemove: () => void }) {
  return (
    <article
      className="card result"
      data-testid="classify.result"
      data-analysis-samples={file.analysis.sampleCount}
      aria-label={file.name}
    >
      <header className="result__header">
        <h3 className="result__name" data-testid="classify.file-name" title={file.name}>
          {file.name}
        </h3>
        <button
          type="button"
          className="button button--quiet"
          onClick={onRemove}
          aria-label={`Remove ${file.name}`}
        >
          Remove
        </button>
      </header>
      <dl className="facts">
        <div>
          <dt>Duration</dt>
          <dd data-testid="classify.duration" data-seconds={file.durationSeconds}>
            {formatDuration(file.durationSeconds)}
          </dd>
        </div>
        <div>
          <dt>Sample rate</dt>
          <dd data-testid="classify.sample-rate">{formatRate(file.originalSampleRate)}</dd>
        </div>
        <div>
          <dt>Channels</dt>
          <dd>{channelLabel(file.channelCount)}</dd>
        </div>
        <div>
          <dt>File</dt>
          <dd>
            {file.format ?? 'audio'} · {formatBytes(file.byteLength)}
          </dd>
        </div>
      </dl>
      <Waveform peaks={file.analysis.waveform} label={`Waveform of ${file.name}`} />
      <FeatureTable
        rows={file.analysis.features}
        caption={`Whole file, mono at ${formatRate(file.analysis.sampleRate)}: ${file.analysis.featureSet}`}
      />
    </article>
  );
}
