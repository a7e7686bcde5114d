import { useRef, useState, type DragEvent } from 'react';

interface DropZoneProps {
  onFiles: (files: File[]) => void;
}

/** Drop audio files here or pick them; both paths end in `onFiles`. */
export function DropZone({ onFiles }: DropZoneProps) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0) onFiles(files);
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
      <p className="dropzone__title">Drop audio files here</p>
      <p className="dropzone__hint">
        WAV, MP3, OGG, Opus, FLAC, M4A: whatever this browser can decode. The whole file is analysed.
      </p>
      <button type="button" className="button" onClick={() => input.current?.click()}>
        Choose files…
      </button>
      <input
        ref={input}
        className="visually-hidden"
        type="file"
        accept="audio/*"
        multiple
        data-testid="classify.file-input"
        aria-label="Choose audio files"
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          event.target.value = ''; // picking the same file again still fires change
          if (files.length > 0) onFiles(files);
        }}
      />
    </div>
  );
}
