/** Hands bytes to the browser as a file download, through an object URL that is revoked afterwards. */
export function downloadBytes(bytes: Uint8Array, fileName: string, type = 'application/zip'): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
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
