import { useRef, useState, type DragEvent } from 'react';
import { useAppStore } from '../../../state/store';
import { FieldErrors } from '../../FieldErrors';
import { ClipList } from './ClipList';
import { addClips, setFeatureSet } from './datasetService';
import { filesFromDrop, filesFromPicker, isAudioFile, type LabelledFile } from './folderFiles';
import { FeatureSetPicker } from './FeatureSetPicker';
import { RecordPanel } from './RecordPanel';
import { HiddenFileInput } from '../../HiddenFileInput';

function addLabelled(files: LabelledFile[], origin: 'folder' | 'file', fallbackClass: string): number {
  // Audio arrived: an earlier "held no audio files" no longer applies.
  useAppStore.getState().clearErrors('train.audio');
  addClips(
    files.map((f) => ({
      name: f.path,
      className: f.className || fallbackClass,
      origin,
      audio: { kind: 'encoded', blob: f.file },
    })),
  );
  return files.length;
}

export function AudioSource() {
  const featureSet = useAppStore((s) => s.featureSet);
  const phase = useAppStore((s) => s.datasetPhase);
  const progress = useAppStore((s) => s.extractProgress);
  const reportError = useAppStore((s) => s.reportError);
  const [over, setOver] = useState(false);
  const [fileClass, setFileClass] = useState('');
  const folderInput = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    filesFromDrop(event.dataTransfer).then(
      (files) => {
        if (files.length === 0) reportError('The drop held no audio files', 'train.audio');
        else addLabelled(files, 'folder', fileClass);
      },
      (error: unknown) =>
        reportError(
          `Could not read the dropped folder: ${error instanceof Error ? error.message : String(error)}`,
          'train.audio',
        ),
    );
  };

  return (
    <div className="train-audio">
      <div
        className={`dropzone dropzone--compact${over ? ' dropzone--over' : ''}`}
        data-testid="train.dropzone"
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p className="dropzone__title">Drop a folder with one sub-folder per class</p>
        <p className="dropzone__hint">
          e.g. <code>instruments/flute/…</code>, <code>instruments/cello/…</code>: each clip is labelled by
          the folder it sits in. Clips stay on this machine.
        </p>
        <div className="dropzone__actions">
          <button type="button" className="button" onClick={() => folderInput.current?.click()}>
            Choose a folder…
          </button>
          <HiddenFileInput
            inputRef={folderInput}
            multiple
            directory
            testId="train.folder-input"
            onPick={(picked) => {
              const files = filesFromPicker(picked);
              if (files.length === 0) reportError('The folder held no audio files', 'train.audio');
              else addLabelled(files, 'folder', fileClass);
            }}
          />
        </div>
      </div>

      <FieldErrors source="train.audio" />
      <FieldErrors source="train.record" />

      <div className="train-row">
        <label className="field field--inline">
          <span className="field__label">Add single files to class</span>
          <input
            type="text"
            className="field__input"
            value={fileClass}
            placeholder="class name"
            data-testid="train.file-class"
            onChange={(event) => setFileClass(event.target.value)}
          />
        </label>
        <button
          type="button"
          className="button button--secondary"
          disabled={!fileClass.trim()}
          title={fileClass.trim() ? undefined : 'Name a class first'}
          onClick={() => fileInput.current?.click()}
        >
          Add files…
        </button>
        <HiddenFileInput
          inputRef={fileInput}
          accept="audio/*"
          multiple
          disabled={!fileClass.trim()}
          testId="train.file-input"
          onPick={(picked) => {
            const files = picked.filter((f) => isAudioFile(f.name, f.type));
            addLabelled(
              files.map((file) => ({ file, path: file.name, className: fileClass.trim() })),
              'file',
              fileClass,
            );
          }}
        />
        <RecordPanel className={fileClass} />
      </div>

      <FeatureSetPicker value={featureSet} onChange={setFeatureSet} />

      {progress && (phase === 'decoding' || phase === 'extracting') && (
        <div className="progress" role="status" data-testid="train.extract-progress">
          <progress aria-label="Reading clips" value={progress.done} max={Math.max(progress.total, 1)} />
          <span>
            {phase === 'decoding' ? 'Decoding' : 'Computing features of'} <strong>{progress.current}</strong>{' '}
            ({progress.done + 1} of {progress.total})…
          </span>
        </div>
      )}
      <ClipList />
    </div>
  );
}
