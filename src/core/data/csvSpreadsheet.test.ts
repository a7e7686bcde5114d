import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvHeader } from './csv';
import { decodeCsvBytes } from './csvEncoding';
import { tabularFromCsv } from './tabular';
import { csvRowsFor } from './tabularRows';

const utf8 = (s: string) => new TextEncoder().encode(s);
function utf16(s: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(out.buffer);
  const units = (bom ? '\ufeff' : '') + s;
  for (let i = 0; i < units.length; i++) view.setUint16(i * 2, units.charCodeAt(i), endian === 'le');
  return out;
}

/** What a spreadsheet in a decimal-comma locale writes for "Save as CSV". */
const EUROPEAN = 'name;tempo;energy;label\r\n"Canción; remix";94,013;0,826;pop\r\nOtra;120;-1,5E-3;rock\r\n';

describe('CSV from spreadsheet exports (papaparse)', () => {
  it('reads a ;-delimited file with decimal commas as numbers', () => {
    const csv = parseCsv(EUROPEAN);
    expect(csv.delimiter).toBe(';');
    expect(csv.decimalComma).toBe(true);
    expect(csv.header).toEqual(['name', 'tempo', 'energy', 'label']);
    expect(csv.rows).toEqual([
      ['Canción; remix', '94.013', '0.826', 'pop'],
      ['Otra', '120', '-1.5E-3', 'rock'],
    ]);
    const ds = tabularFromCsv(EUROPEAN);
    expect(ds.columns).toEqual(['tempo', 'energy']);
    expect(Array.from(ds.features)).toEqual([94.013, 0.826, 120, -0.0015].map(Math.fround));
    expect(ds.classNames).toEqual(['pop', 'rock']);
  });

  it('leaves commas alone where they are not decimals: a comma-delimited file, text in a ; file', () => {
    const comma = parseCsv('a,b\n"1,5",2\n');
    expect(comma.delimiter).toBe(',');
    expect(comma.decimalComma).toBe(false);
    expect(comma.rows).toEqual([['1,5', '2']]);
    const dots = parseCsv('a;b\n1.5;x, y\n');
    expect(dots.delimiter).toBe(';');
    expect(dots.decimalComma).toBe(false);
    expect(dots.rows).toEqual([['1.5', 'x, y']]);
  });

  it('reads tab-separated text', () => {
    expect(parseCsv('a\tb\n1\t2\n').rows).toEqual([['1', '2']]);
  });

  it('keeps a quoted line break inside a field of a ; file, and numbers the lines after it', () => {
    const csv = parseCsv('id;notes;x\n1;"two\nlines; here";0,5\n2;plain;1,25\n');
    expect(csv.rows).toEqual([
      ['1', 'two\nlines; here', '0.5'],
      ['2', 'plain', '1.25'],
    ]);
    expect(csv.lines).toEqual([2, 4]);
  });

  it('names the line of a ragged row in a ; file', () => {
    expect(() => parseCsv('a;b;c\n1;2;3\n\n4;5\n')).toThrow(
      'CSV line 4 has 2 fields, expected 3 as in the header (line 1)',
    );
    expect(() => parseCsv('a;b\n1;2\n"x"y;2\n')).toThrow(
      "CSV line 3: unexpected character 'y' after a closing quote (expected ; or end of line)",
    );
  });

  it('scores rows of a decimal-comma file as the Classify view and the CLI read them', () => {
    const { values, kept, skipped } = csvRowsFor(EUROPEAN, ['energy', 'tempo']);
    expect(Array.from(values)).toEqual([0.826, 94.013, -0.0015, 120].map(Math.fround));
    expect(kept.map((k) => k.line)).toEqual([2, 3]);
    expect(skipped).toEqual([]);
  });

  it('reads the header alone without reading the rows (a bad row below does not matter)', () => {
    expect(parseCsvHeader('\ufeffx;y\n1;2;3\n')).toEqual(['x', 'y']);
    expect(() => parseCsvHeader('\n\n')).toThrow(/CSV is empty/);
  });
});

describe('decodeCsvBytes', () => {
  it('drops a UTF-8 byte-order mark', () => {
    const { text, encoding } = decodeCsvBytes(utf8('\ufeffa,b\n1,2\n'));
    expect(encoding).toBe('utf-8');
    expect(parseCsv(text).header).toEqual(['a', 'b']);
  });

  it('reads UTF-16 little- and big-endian, with or without a byte-order mark, and names it', () => {
    for (const endian of ['le', 'be'] as const) {
      for (const bom of [true, false]) {
        const { text, encoding } = decodeCsvBytes(utf16(EUROPEAN, endian, bom));
        expect(encoding).toBe(`utf-16${endian}`);
        const csv = parseCsv(text);
        expect(csv.header).toEqual(['name', 'tempo', 'energy', 'label']);
        expect(csv.rows[0]).toEqual(['Canción; remix', '94.013', '0.826', 'pop']);
      }
    }
  });

  it('reads a Windows code-page file (not valid UTF-8) as Windows-1252', () => {
    const bytes = Uint8Array.from([
      ...utf8('name;x\n'),
      0x43,
      0x61,
      0x6e,
      0x63,
      0x69,
      0xf3,
      0x6e,
      ...utf8(';1,5\n'),
    ]);
    const { text, encoding } = decodeCsvBytes(bytes);
    expect(encoding).toBe('windows-1252');
    expect(parseCsv(text).rows).toEqual([['Canción', '1.5']]);
  });

  it('still refuses a binary file once decoded, naming the control byte', () => {
    const { text } = decodeCsvBytes(
      Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x08, 0x00, 0xff, 0x81]),
    );
    expect(() => parseCsv(text)).toThrow(/control byte 0x03: this is not a CSV text file/);
  });
});
