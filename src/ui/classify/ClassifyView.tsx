import { useCallback, useEffect, useRef, useState } from 'react';
import { decodeToChannels } from '../../browser/decodeAudio';
import { createFeaturesClient, type FeaturesClient } from '../../browser/featuresClient';
import { DropZone } from './DropZone';
import { FileResult, type AnalysedFile } from './FileResult';

/** Buckets in the waveform thumbnail: about one per pixel of a wide card. */
const WAVEFORM_WIDTH = 900;

type Phase = 'decoding' | 'analysing';

interface Work {
  name: string;
  phase: Phase;
  position: number;
  total: number;
}

const PHASE_TEXT: Record<Phase, string> = { decoding: 'Decoding', analysing: 'Computing features of' };

function describeFailure(error: unknown, name: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith('Could not') ? message : `Could not analyse "${name}": ${message}`;
}

let nextKey = 1;

/** Files in, one at a time: decoded here (the browser's decoder), analysed in the features worker. */
export function ClassifyView({ onError }: { onError: (message: string) => void }) {
  const [results, setResults] = useState<AnalysedFile[]>([]);
  const [work, setWork] = useState<Work | null>(null);
  const client = useRef<FeaturesClient | null>(null);
  const queue = useRef<File[]>([]);
  const running = useRef(false);

  useEffect(() => {
    const created = createFeaturesClient();
    client.current = created;
    return () => {
      created.dispose();
      if (client.current === created) client.current = null;
    };
  }, []);

  const pump = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    let finished = 0;
    while (queue.current.length > 0) {
      const file = queue.current.shift()!;
      const progress = {
        name: file.name,
        position: finished + 1,
        total: finished + 1 + queue.current.length,
      };
      try {
        setWork({ ...progress, phase: 'decoding' });
        const decoded = await decodeToChannels(file, file.name);
        setWork({ ...progress, phase: 'analysing' });
        const features = client.current;
        if (!features) throw new Error('the features worker is not running');
        const channelCount = decoded.channels.length;
        const analysis = await features.analyse(decoded.channels, decoded.sampleRate, WAVEFORM_WIDTH);
        const { name, byteLength, durationSeconds, originalSampleRate, format } = decoded;
        setResults((list) => [
          ...list,
          {
            key: nextKey++,
            name,
            byteLength,
            durationSeconds,
            originalSampleRate,
            format,
            channelCount,
            analysis,
          },
        ]);
      } catch (error) {
        onError(describeFailure(error, file.name));
      }
      finished++;
    }
    running.current = false;
    setWork(null);
  }, [onError]);

  const onFiles = useCallback(
    (files: File[]) => {
      queue.current.push(...files);
      void pump();
    },
    [pump],
  );

  return (
    <div className="classify">
      <DropZone onFiles={onFiles} />
      {work && (
        <div className="progress" role="status" data-testid="classify.progress">
          <progress aria-label="Working" />
          <span>
            {PHASE_TEXT[work.phase]} <strong>{work.name}</strong>
            {work.total > 1 && ` (${work.position} of ${work.total})`}…
          </span>
        </div>
      )}
      {results.length === 0 && !work && (
        <p className="empty">
          Nothing analysed yet. Files stay on this machine: they are decoded by your browser.
        </p>
      )}
      <div className="results">
        {results.map((file) => (
          <FileResult
            key={file.key}
            file={file}
            onRemove={() => setResults((list) => list.filter((f) => f.key !== file.key))}
          />
        ))}
      </div>
    </div>
  );
}
