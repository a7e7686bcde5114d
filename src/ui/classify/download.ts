/** Saves text as a file the way a link with `download` does (the page's one way to hand a file over). */
export function downloadText(text: string, fileName: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference to the blob by now; revoke on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
