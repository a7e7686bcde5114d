import { useCallback, useEffect, useMemo } from 'react';
import { useAppStore } from '../../state/store';
import { FieldErrors } from '../FieldErrors';
import { classifyService } from './classifyService';
import { DemoSongs } from './DemoSongs';
import { DropZone } from './DropZone';
import { FileResult } from './FileResult';
import { ModelsInUse } from './ModelsInUse';
import { ResultsTable } from './ResultsTable';
import { TableScorer } from './TableScorer';
import './classify.css';

const isCsv = (file: File) => /\.csv$/i.test(file.name) || file.type === 'text/csv';

/** Songs in: genre, instruments, the song's place among the training data; a CSV in: reggaeton scores. */
export function ClassifyView() {
  const service = classifyService();
  const order = useAppStore((s) => s.classifyOrder);
  const filesById = useAppStore((s) => s.classifyFiles);
  const reportError = useAppStore((s) => s.reportError);
  const clearErrors = useAppStore((s) => s.clearErrors);
  const files = useMemo(() => order.map((id) => filesById[id]).filter(Boolean), [order, filesById]);
  // The workers and the genre model get ready while the view is looked at, not after the first drop.
  useEffect(() => service.preload(), [service]);

  const onFiles = useCallback(
    (dropped: File[]) => {
      clearErrors('classify.drop');
      // A CSV dropped with the songs is a table to score, not audio.
      const tables = dropped.filter(isCsv);
      const audio = dropped.filter((f) => !isCsv(f));
      for (const table of tables) void service.scoreTable(table);
      if (audio.length > 0) service.addFiles(audio);
    },
    [service, clearErrors],
  );
  const onDemo = useCallback(
    (demo: File[]) => {
      clearErrors('classify.demo');
      onFiles(demo);
    },
    [onFiles, clearErrors],
  );

  return (
    <div className="classify">
      <DropZone onFiles={onFiles} onError={(message) => reportError(message, 'classify.drop')} />
      <FieldErrors source="classify.drop" />
      <ModelsInUse />
      {files.length === 0 && (
        <p className="empty">
          Nothing analysed yet. Files stay on this machine: they are decoded by your browser.
        </p>
      )}
      {/* Always offered, not only before the first song: a demo is one click away whatever is shown. */}
      <DemoSongs
        compact={files.length > 0}
        onFiles={onDemo}
        onError={(message) => reportError(message, 'classify.demo')}
      />
      <FieldErrors source="classify.demo" />
      {files.length > 1 && <ResultsTable files={files} />}
      <div className="results">
        {order.map((id) => (
          <FileResult key={id} id={id} service={service} />
        ))}
      </div>
      <TableScorer onFile={(file) => void service.scoreTable(file)} />
    </div>
  );
}
