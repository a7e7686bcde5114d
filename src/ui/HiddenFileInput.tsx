import type { Ref } from 'react';

interface HiddenFileInputProps {
  inputRef: Ref<HTMLInputElement>;
  testId: string;
  /** The files picked (none when the dialog was dismissed). */
  onPick(files: File[]): void;
  accept?: string;
  multiple?: boolean;
  /** A folder picker (`webkitdirectory`): every file below the chosen folder. */
  directory?: boolean;
  disabled?: boolean;
  label?: string;
  id?: string;
}

/**
 * The file input behind a visible "Choose…" button: out of sight and out of the tab order (the button takes the
 * focus and opens it), and emptied after each pick so that picking the same file again still counts.
 */
export function HiddenFileInput({
  inputRef,
  testId,
  onPick,
  accept,
  multiple,
  directory,
  disabled,
  label,
  id,
}: HiddenFileInputProps) {
  return (
    <input
      ref={inputRef}
      id={id}
      className="visually-hidden"
      tabIndex={-1}
      aria-hidden="true"
      type="file"
      accept={accept}
      multiple={multiple}
      disabled={disabled}
      {...(directory ? { webkitdirectory: '' } : {})}
      data-testid={testId}
      aria-label={label}
      onChange={(event) => {
        const files = Array.from(event.target.files ?? []);
        event.target.value = '';
        onPick(files);
      }}
    />
  );
}
