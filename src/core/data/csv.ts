/**
 * RFC 4180 CSV: quoted fields with `""` escapes, commas and line breaks inside quotes, LF / CRLF / CR line
 * ends, a leading byte-order mark. Blank lines are skipped (as pandas does). Anything malformed stops with an
 * error naming the line: a ragged row, an unterminated quote, text after a closing quote, binary bytes.
 */
export interface ParsedCsv {
  header: string[];
  rows: string[][];
  /** The 1-based line of the file on which each row starts (the header is on `headerLine`). */
  lines: number[];
  headerLine: number;
}

/**
 * Columns a CSV may have. Each feature column is a model input and a weight row: past this a model could not
 * be trained in memory or saved (the weights have a size limit), so a wider table is refused while it is read.
 */
export const MAX_CSV_COLUMNS = 10_000;
/** Characters one field may hold: no number or name is longer, and a runaway field stops early. */
export const MAX_CSV_FIELD_CHARS = 1 << 20;

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

/** Parses CSV text. The first non-blank record is the header; every row must have as many fields. */
export function parseCsv(text: string): ParsedCsv {
  if (typeof text !== 'string') throw new Error(`Expected CSV text to be a string, got ${typeof text}`);
  checkUtf8(text);
  const records = readRecords(text);
  if (records.length === 0) throw new CsvError('CSV is empty: expected a header row naming the columns', 1);
  const [first, ...rest] = records;
  const width = first.fields.length;
  for (const r of rest) {
    if (r.fields.length !== width) {
      throw new CsvError(
        `CSV line ${r.line} has ${r.fields.length} field${r.fields.length === 1 ? '' : 's'}, expected ${width} as in the header (line ${first.line})`,
        r.line,
      );
    }
  }
  return {
    header: first.fields,
    rows: rest.map((r) => r.fields),
    lines: rest.map((r) => r.line),
    headerLine: first.line,
  };
}

interface CsvRecord {
  fields: string[];
  line: number;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

function readRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    let quotedFirst = false;
    let endOfRecord = false;
    while (!endOfRecord) {
      let value = '';
      if (text.charCodeAt(i) === QUOTE) {
        if (fields.length === 0) quotedFirst = true;
        const openLine = line;
        i++;
        let closed = false;
        while (i < n) {
          const next = text.indexOf('"', i);
          const chunkEnd = next === -1 ? n : next;
          const chunk = text.slice(i, chunkEnd);
          checkText(chunk, line);
          line += countLineBreaks(chunk);
          value += chunk;
          if (next === -1) {
            i = n;
            break;
          }
          if (text.charCodeAt(next + 1) === QUOTE) {
            value += '"';
            i = next + 2;
          } else {
            i = next + 1;
            closed = true;
            break;
          }
        }
        if (!closed) {
          throw new CsvError(`CSV line ${openLine}: quoted field is never closed (missing ")`, openLine);
        }
        const c = text.charCodeAt(i);
        if (i < n && c !== COMMA && c !== LF && c !== CR) {
          throw new CsvError(
            `CSV line ${line}: unexpected ${describeChar(text, i)} after a closing quote (expected , or end of line)`,
            line,
          );
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          j++;
        }
        value = text.slice(i, j);
        checkText(value, line);
        i = j;
      }
      if (value.length > MAX_CSV_FIELD_CHARS) {
        throw new CsvError(
          `CSV line ${recordLine}: field ${fields.length + 1} holds more than ${MAX_CSV_FIELD_CHARS.toLocaleString('en')} characters`,
          recordLine,
        );
      }
      fields.push(value);
      if (fields.length > MAX_CSV_COLUMNS) {
        throw new CsvError(
          `CSV line ${recordLine} has more than ${MAX_CSV_COLUMNS.toLocaleString('en')} columns, the most this app reads: cut the table to the columns you need and load it again`,
          recordLine,
        );
      }
      const c = text.charCodeAt(i);
      if (i >= n) {
        endOfRecord = true;
      } else if (c === COMMA) {
        i++;
      } else {
        // CRLF, LF or a lone CR ends the record.
        i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        line++;
        endOfRecord = true;
      }
    }
    const blank = fields.length === 1 && fields[0] === '' && !quotedFirst;
    if (!blank) records.push({ fields, line: recordLine });
  }
  return records;
}

/** UTF-16 text read as UTF-8 starts with a garbled byte-order mark or has a NUL beside every letter. */
function checkUtf8(text: string): void {
  const bom = text.charCodeAt(0) === 0xfffd && text.charCodeAt(1) === 0xfffd;
  const head = text.slice(0, 64);
  const nuls = head.split('\0').length - 1;
  if (bom || (head.length >= 4 && nuls >= head.length / 3)) {
    throw new CsvError('This CSV is UTF-16 text: save it as UTF-8 and load it again', 1);
  }
}

function countLineBreaks(s: string): number {
  let count = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === LF) count++;
    else if (c === CR && s.charCodeAt(k + 1) !== LF) count++;
  }
  return count;
}

/** Control characters other than tab and line breaks mean the input is not text (e.g. a binary file). */
function checkText(s: string, line: number): void {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 32 && c !== 9 && c !== LF && c !== 11 && c !== 12 && c !== CR) {
      throw new CsvError(
        `CSV line ${line} contains the control byte 0x${c.toString(16).padStart(2, '0')}: this is not a CSV text file`,
        line,
      );
    }
  }
}

function describeChar(text: string, i: number): string {
  const c = text.charCodeAt(i);
  return c >= 32 && c < 127 ? `character '${text[i]}'` : `character code ${c}`;
}

/**
 * Writes CSV with `\n` line ends and a final newline. Fields with a comma, quote, line break or leading /
 * trailing space are quoted. Numbers are written with `String(n)`; format them first for other forms.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const width = header.length;
  if (width === 0) throw new Error('Expected a header with at least one column, got none');
  // With one column, an empty field written bare would read back as a blank (skipped) line.
  const quoteEmpty = width === 1;
  const field = (v: string | number): string => {
    const value = typeof v === 'number' ? String(v) : v;
    if ((quoteEmpty && value === '') || /[",\r\n]|^\s|\s$/.test(value))
      return `"${value.replace(/"/g, '""')}"`;
    return value;
  };
  const out: string[] = [header.map(field).join(',')];
  rows.forEach((row, r) => {
    if (row.length !== width) {
      throw new Error(`Row ${r} has ${row.length} fields, expected ${width} as in the header`);
    }
    out.push(row.map(field).join(','));
  });
  return out.join('\n') + '\n';
}
