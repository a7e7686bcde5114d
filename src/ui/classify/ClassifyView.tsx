import { useCallback, useMemo } from 'react';
import { useAppStore } from '../../state/store';
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
export function ClassifyView({ onError }: { onError: (message: string) => void }) {
  const service = classifyService();
  const order = useAppStore((s) => s.classifyOrder);
  const filesById = useAppStore((s) => s.classifyFiles);
  const files = useMemo(() => order.map((id) => filesById[id]).filter(Boolean), [order, filesById]);

  const onFiles = useCallback(
    (dropped: File[]) => {
      // A CSV dropped with the songs is a table to score, not audio.
      const tables = dropped.filter(isCsv);
      const audio = dropped.filter((f) => !isCsv(f));
      for (const table of tables) void service.scoreTable(table);
      if (audio.length > 0) service.addFiles(audio);
    },
    [service],
  );

  return (
    <div className="classify">
      <DropZone onFiles={onFiles} onError={onError} />
      <ModelsInUse />
      {files.length === 0 && (
        <>
          <p className="empty">
            Nothing analysed yet. Files stay on this machine: they are decoded by your browser.
          </p>
          <DemoSongs onFiles={onFiles} onError={onError} />
        </>
      )}
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
