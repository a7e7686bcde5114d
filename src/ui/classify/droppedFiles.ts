/**
 * Files from a drop or a picker, folders included. Loose files pass as they are (a non-audio file then gets
 * its own clear error); from folders only audio files are taken, so licence texts and cover images are skipped.
 */
const AUDIO_EXTENSIONS = /\.(wav|wave|mp3|ogg|oga|opus|flac|m4a|aac|mp4|webm|aif|aiff|au)$/i;

export function isAudioName(name: string): boolean {
  return AUDIO_EXTENSIONS.test(name) && !name.startsWith('.');
}

/** Audio files of a folder picked with `webkitdirectory`, in path order. */
export function audioFilesOfFolder(files: readonly File[]): File[] {
  return files
    .filter((f) => isAudioName(f.name) || (f.type.startsWith('audio/') && !f.name.startsWith('.')))
    .sort((a, b) => (a.webkitRelativePath || a.name).localeCompare(b.webkitRelativePath || b.name));
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: File[], fromFolder: boolean): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    if (!fromFolder || isAudioName(file.name)) out.push(file);
    return;
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries answers in batches (100 in Chromium) until it returns none.
    for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader)) {
      for (const child of batch.sort((a, b) => a.name.localeCompare(b.name))) await walk(child, out, true);
    }
  }
}

/** The files of a drop, walking into dropped folders where the browser allows it. */
export async function filesOfDrop(transfer: DataTransfer): Promise<File[]> {
  const entries = Array.from(transfer.items ?? [])
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.length === 0 || entries.some((e) => e === null)) return Array.from(transfer.files);
  const out: File[] = [];
  for (const entry of entries) await walk(entry!, out, false);
  return out;
}
