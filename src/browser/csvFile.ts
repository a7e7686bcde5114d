import { decodeCsvBytes, type DecodedCsvText } from '../core/data/csvEncoding';

/**
 * A CSV file picked or dropped in the page → its text, read as what it was saved in (UTF-8 with or without a
 * byte-order mark, UTF-16 LE/BE, Windows-1252) rather than as UTF-8 whatever it is, as `File.text()` does.
 */
export async function readCsvFile(file: Blob): Promise<DecodedCsvText> {
  return decodeCsvBytes(new Uint8Array(await file.arrayBuffer()));
}
