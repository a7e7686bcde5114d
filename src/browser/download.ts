/**
 * Hands data to the browser as a file download, the way a link with `download` does (the page's one way to
 * give the user a file), through an object URL revoked once the download has surely started.
 */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by the time the click returns; keep the URL a little in case it has not.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Text as a file (CSV by default). */
export function downloadText(text: string, fileName: string, type = 'text/csv'): void {
  downloadBlob(new Blob([text], { type }), fileName);
}

/** Bytes as a file (a model `.zip` by default). */
export function downloadBytes(bytes: Uint8Array, fileName: string, type = 'application/zip'): void {
  downloadBlob(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), fileName);
}
