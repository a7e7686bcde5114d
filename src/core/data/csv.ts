/**
 * CSV text → header and rows, read by `papaparse` (RFC 4180 quoting, `""` escapes, delimiters and line breaks
 * inside quotes). Around it, what spreadsheet exports need and papaparse leaves to us: the delimiter guessed
 * among `,` `;` and tab, decimal commas in a `;`-delimited file turned into points, LF / CRLF / CR line ends
 * (mixed too), a leading byte-order mark, blank lines skipped (as pandas does), a 1-based line number for every
 * row, and caps on columns and field length checked as rows arrive. Anything malformed stops with an error
 * naming the line: a ragged row, an unterminated quote, text after a closing quote, binary bytes.
 * Bytes → text (UTF-8, UTF-16 LE/BE, Windows-1252) is `decodeCsvBytes` in `csvEncoding.ts`.
 */
import Papa from 'papaparse';

export type CsvDelimiter = ',' | ';' | '\t';

export interface ParsedCsv {
  header: string[];
  rows: string[][];
  /** The 1-based line of the file on which each row starts (the header is on `headerLine`). */
  lines: number[];
  headerLine: number;
  delimiter: CsvDelimiter;
  /** The file wrote decimals with a comma (`0,5`; only in `;`-delimited files): they are returned as `0.5`. */
  decimalComma: boolean;
}

/**
 * Columns a CSV may have. Each feature column is a model input and a weight row: past this a model could not
 * be trained in memory or saved (the weights have a size limit), so a wider table is refused while it is read.
 */
export const MAX_CSV_COLUMNS = 10_000;
/** Characters one field may hold: no number or name is longer, and a runaway field stops early. */
export const MAX_CSV_FIELD_CHARS = 1 << 20;
/** Characters of the file's start papaparse looks at to guess the delimiter. */
const GUESS_CHARS = 1 << 20;

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

/** A number written with a decimal comma: `0,5`, `-12,75`, `,5`, `1,5E-3`. */
const DECIMAL_COMMA = /^\s*[+-]?(\d+,\d*|,\d+)([eE][+-]?\d+)?\s*$/;

/** Parses CSV text. The first non-blank record is the header; every row must have as many fields. */
export function parseCsv(text: string): ParsedCsv {
  if (typeof text !== 'string') throw new Error(`Expected CSV text to be a string, got ${typeof text}`);
  checkUtf8(text);
  // One line end for papaparse (it takes one per file); a CR inside a quoted value becomes LF, like a lone CR.
  const body = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  checkText(body);
  const delimiter = guessDelimiter(body);
  checkHeaderWidth(body, delimiter);
  const records = readRecords(body, delimiter);
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
  const rows = rest.map((r) => r.fields);
  const decimalComma = delimiter === ';' && rows.some((row) => row.some((v) => DECIMAL_COMMA.test(v)));
  if (decimalComma) {
    for (const row of rows)
      for (let c = 0; c < row.length; c++) if (DECIMAL_COMMA.test(row[c])) row[c] = row[c].replace(',', '.');
  }
  return {
    header: first.fields,
    rows,
    lines: rest.map((r) => r.line),
    headerLine: first.line,
    delimiter,
    decimalComma,
  };
}

/** The header of a CSV (its first non-blank record), read without parsing the rows below it. */
export function parseCsvHeader(text: string): string[] {
  if (typeof text !== 'string') throw new Error(`Expected CSV text to be a string, got ${typeof text}`);
  checkUtf8(text);
  const head = text.slice(0, 2 * MAX_CSV_COLUMNS * 64);
  const body = (head.charCodeAt(0) === 0xfeff ? head.slice(1) : head).replace(/\r\n?/g, '\n');
  checkText(body);
  const records = readRecords(body, guessDelimiter(body), 1);
  if (records.length === 0) throw new CsvError('CSV is empty: expected a header row naming the columns', 1);
  return records[0].fields;
}

/**
 * papaparse's guess (the delimiter that splits the first rows most evenly), among the three exports use; where
 * it cannot tell (a file of a few rows, one of them malformed), the one the header line holds most of.
 */
function guessDelimiter(body: string): CsvDelimiter {
  const { meta, errors } = Papa.parse<string[]>(body.slice(0, GUESS_CHARS), {
    delimitersToGuess: [',', ';', '\t'],
    newline: '\n',
    preview: 10,
    // Else the empty record after a final newline counts as a row of one field against every delimiter.
    skipEmptyLines: true,
  });
  if (!errors.some((e) => e.code === 'UndetectableDelimiter')) {
    const d = meta.delimiter;
    return d === ';' || d === '\t' ? d : ',';
  }
  const start = body.search(/[^\n]/);
  if (start < 0) return ',';
  const end = body.indexOf('\n', start);
  const header = body
    .slice(start, end < 0 ? Math.min(body.length, GUESS_CHARS) : end)
    .replace(/"[^"]*"/g, '');
  const count = (d: string) => header.split(d).length - 1;
  const best = ([',', ';', '\t'] as const).reduce((a, b) => (count(b) > count(a) ? b : a));
  return best;
}

/**
 * Refuses a header over the column cap before papaparse splits it (it hands over a row only once the whole
 * row is split): a header line without quotes is counted by its delimiters, stopping at the cap.
 */
function checkHeaderWidth(body: string, delimiter: CsvDelimiter): void {
  let start = 0;
  while (body[start] === '\n') start++;
  const newline = body.indexOf('\n', start);
  const end = newline < 0 ? body.length : newline;
  const quote = body.indexOf('"', start);
  if (quote >= 0 && quote < end) return;
  let fields = 1;
  for (let at = body.indexOf(delimiter, start); at >= 0 && at < end; at = body.indexOf(delimiter, at + 1)) {
    if (++fields > MAX_CSV_COLUMNS) {
      const line = lineCounter(body)(start);
      throw new CsvError(
        `CSV line ${line} has more than ${MAX_CSV_COLUMNS.toLocaleString('en')} columns, the most this app reads: cut the table to the columns you need and load it again`,
        line,
      );
    }
  }
}

interface CsvRecord {
  fields: string[];
  line: number;
}

/** Rows one at a time (papaparse's `step`), so that the caps stop a runaway file at its first bad row. */
function readRecords(body: string, delimiter: CsvDelimiter, limit = Infinity): CsvRecord[] {
  const records: CsvRecord[] = [];
  const lineOf = lineCounter(body);
  let rowStart = 0;
  const parser = Papa.parse<string[]>(body, {
    delimiter,
    newline: '\n',
    quoteChar: '"',
    escapeChar: '"',
    step: (result, handle) => {
      const error = result.errors[0];
      if (error !== undefined) throw quoteError(body, error.index ?? rowStart, delimiter, lineOf);
      const fields = result.data;
      const line = lineOf(rowStart);
      // A blank line is a record of one empty field with nothing written; `""` is a row.
      const blank = fields.length === 1 && fields[0] === '' && body[rowStart] !== '"';
      rowStart = result.meta.cursor;
      if (blank) return;
      if (fields.length > MAX_CSV_COLUMNS) {
        throw new CsvError(
          `CSV line ${line} has more than ${MAX_CSV_COLUMNS.toLocaleString('en')} columns, the most this app reads: cut the table to the columns you need and load it again`,
          line,
        );
      }
      const long = fields.findIndex((v) => v.length > MAX_CSV_FIELD_CHARS);
      if (long >= 0) {
        throw new CsvError(
          `CSV line ${line}: field ${long + 1} holds more than ${MAX_CSV_FIELD_CHARS.toLocaleString('en')} characters`,
          line,
        );
      }
      records.push({ fields, line });
      if (records.length >= limit) handle.abort();
    },
  });
  void parser;
  return records;
}

/** The 1-based line of a character offset, for offsets asked in increasing order (one pass over the text). */
function lineCounter(body: string): (offset: number) => number {
  let scanned = 0;
  let line = 1;
  return (offset) => {
    if (offset < scanned) {
      scanned = 0;
      line = 1;
    }
    for (let at = body.indexOf('\n', scanned); at !== -1 && at < offset; at = body.indexOf('\n', at + 1)) {
      line++;
    }
    scanned = Math.max(scanned, offset);
    return line;
  };
}

/**
 * papaparse reports a quote problem at the field's opening quote: find what went wrong after it. Either no
 * quote closes the field, or the closing quote is followed by something other than a delimiter or line end.
 */
function quoteError(
  body: string,
  fieldStart: number,
  delimiter: CsvDelimiter,
  lineOf: (offset: number) => number,
): CsvError {
  const open = body.lastIndexOf('"', fieldStart);
  const openLine = lineOf(Math.max(open, 0));
  let at = open + 1;
  for (;;) {
    const close = body.indexOf('"', at);
    if (close === -1) {
      return new CsvError(`CSV line ${openLine}: quoted field is never closed (missing ")`, openLine);
    }
    if (body[close + 1] === '"') {
      at = close + 2;
      continue;
    }
    const after = close + 1;
    const line = lineOf(after);
    const shown = delimiter === '\t' ? 'a tab' : delimiter;
    return new CsvError(
      `CSV line ${line}: unexpected ${describeChar(body, after)} after a closing quote (expected ${shown} or end of line)`,
      line,
    );
  }
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

/** Control characters other than tab and line breaks mean the input is not text (e.g. a binary file). */
function checkText(body: string): void {
  let at = 0;
  for (; at < body.length; at++) {
    const c = body.charCodeAt(at);
    if (c < 32 && (c < 9 || c > 13)) break;
  }
  if (at === body.length) return;
  const line = lineCounter(body)(at);
  const c = body.charCodeAt(at);
  throw new CsvError(
    `CSV line ${line} contains the control byte 0x${c.toString(16).padStart(2, '0')}: this is not a CSV text file`,
    line,
  );
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
