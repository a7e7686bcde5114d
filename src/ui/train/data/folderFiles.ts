/**
 * Labelled audio from folders: a dropped directory (`DataTransferItem.webkitGetAsEntry`) or a folder picked
 * with `<input webkitdirectory>`. Each file's class is the folder it sits in.
 */

export interface LabelledFile {
  file: File;
  /** Path from the dropped or picked folder, e.g. `instruments/flute/a4.mp3`. */
  path: string;
  className: string;
}

const AUDIO_EXTENSIONS = /\.(mp3|wav|wave|ogg|oga|opus|flac|m4a|mp4|aac|webm|aif|aiff)$/i;

/** Audio by type or, when the browser gives none, by extension; hidden files (`.DS_Store`) never. */
export function isAudioFile(name: string, type = ''): boolean {
  const base = name.split('/').pop() ?? name;
  if (base.startsWith('.')) return false;
  return type.startsWith('audio/') || AUDIO_EXTENSIONS.test(base);
}

/** The class of a file: the name of the folder holding it ('' for a file dropped on its own). */
export function classFromPath(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  return parts.length >= 2 ? parts[parts.length - 2] : '';
}

/** Files of a folder picker (`webkitRelativePath` names the path inside the picked folder). */
export function filesFromPicker(files: FileList | readonly File[]): LabelledFile[] {
  return Array.from(files)
    .filter((file) => isAudioFile(file.name, file.type))
    .map((file) => {
      const path = file.webkitRelativePath || file.name;
      return { file, path, className: classFromPath(path) };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function readBatch(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: FileSystemEntry, prefix: string, out: LabelledFile[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await fileOf(entry as FileSystemFileEntry);
    if (isAudioFile(file.name, file.type)) out.push({ file, path, className: classFromPath(path) });
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries hands out the folder in batches (about 100 in Chromium) until it returns none.
    for (let batch = await readBatch(reader); batch.length > 0; batch = await readBatch(reader)) {
      for (const child of batch) await walk(child, path, out);
    }
  }
}

/**
 * The audio files of a drop, folders walked recursively. Call it inside the `drop` handler: the items are
 * read synchronously there (they go stale after the event), the folders walked afterwards.
 */
export function filesFromDrop(transfer: DataTransfer): Promise<LabelledFile[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(transfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  return (async () => {
    const out: LabelledFile[] = [];
    for (const entry of entries) await walk(entry, '', out);
    for (const file of loose) {
      if (isAudioFile(file.name, file.type)) out.push({ file, path: file.name, className: '' });
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  })();
}
