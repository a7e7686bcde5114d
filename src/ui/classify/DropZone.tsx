import { useRef, useState, type DragEvent } from 'react';
import { audioFilesOfFolder, filesOfDrop } from './droppedFiles';
import { HiddenFileInput } from '../HiddenFileInput';

interface DropZoneProps {
  onFiles: (files: File[]) => void;
  onError: (message: string) => void;
}

/** Drop audio files or folders here, or pick them; every path ends in `onFiles`. */
export function DropZone({ onFiles, onError }: DropZoneProps) {
  const input = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    filesOfDrop(event.dataTransfer).then(
      (files) => {
        if (files.length > 0) onFiles(files);
        else onError('The drop held no audio files');
      },
      (error: unknown) =>
        onError(
          `Could not read the dropped files: ${error instanceof Error ? error.message : String(error)}`,
        ),
    );
  };

  return (
    <div
      className={`dropzone${over ? ' dropzone--over' : ''}`}
      data-testid="classify.dropzone"
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <svg className="dropzone__icon" viewBox="0 0 24 24" aria-hidden="true">
        <path d="M9 18V5l12-2v13" />
        <circle cx="6" cy="18" r="3" />
        <circle cx="18" cy="16" r="3" />
      </svg>
      <p className="dropzone__title">Drop songs or a folder here</p>
      <p className="dropzone__hint">
        WAV, MP3, OGG, Opus, FLAC, M4A: whatever this browser can decode. Each song is cut into 30-second
        segments for the genre model and 1-second windows for the instruments model.
      </p>
      <div className="dropzone__actions">
        <button type="button" className="button" onClick={() => input.current?.click()}>
          Choose files…
        </button>
        <button type="button" className="button button--secondary" onClick={() => folder.current?.click()}>
          Choose a folder…
        </button>
      </div>
      <HiddenFileInput
        inputRef={input}
        accept="audio/*"
        multiple
        testId="classify.file-input"
        label="Choose audio files"
        onPick={(files) => {
          if (files.length > 0) onFiles(files);
        }}
      />
      <HiddenFileInput
        inputRef={folder}
        multiple
        directory
        testId="classify.folder-input"
        label="Choose a folder of audio files"
        onPick={(picked) => {
          const files = audioFilesOfFolder(picked);
          if (files.length > 0) onFiles(files);
          else onError('The chosen folder holds no audio files');
        }}
      />
    </div>
  );
}
