/**
 * A CSV file's bytes → text. Spreadsheets save CSV as UTF-8 (with or without a byte-order mark), as "Unicode
 * text" (UTF-16, little- or big-endian) or in the Windows code page: each is read as what it is, and the
 * encoding is named so that the page can say how the file was read.
 */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedCsvText {
  text: string;
  encoding: CsvEncoding;
}

/** Bytes of the file's start looked at for the NUL beside every ASCII letter that marks UTF-16 without a BOM. */
const SNIFF_BYTES = 512;

export function decodeCsvBytes(bytes: Uint8Array): DecodedCsvText {
  if (!(bytes instanceof Uint8Array)) throw new Error('Expected the CSV file as bytes (a Uint8Array)');
  const encoding = sniffEncoding(bytes);
  if (encoding !== 'utf-8') {
    return { text: new TextDecoder(encoding).decode(bytes), encoding };
  }
  try {
    // TextDecoder drops a UTF-8 byte-order mark itself.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding };
  } catch {
    // Not UTF-8: a spreadsheet on Windows saves its code page, in which every byte is a character.
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

function sniffEncoding(bytes: Uint8Array): CsvEncoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (n < 4) return 'utf-8';
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul >= pairs * 0.6 && evenNul === 0) return 'utf-16le';
  if (evenNul >= pairs * 0.6 && oddNul === 0) return 'utf-16be';
  return 'utf-8';
}
