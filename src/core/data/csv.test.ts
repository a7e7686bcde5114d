import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, toCsv } from './csv';
import { createRng } from '../random';
import spikeReggaeton from '../../../../shared/data/tabular/spike-reggaeton/data_reggaeton.csv?raw';

describe('parseCsv', () => {
  it('reads quotes, escaped quotes, embedded commas and line breaks', () => {
    const text = 'name,notes,n\n"Smith, J","said ""hi""\nthen left",3\nplain,,4\n';
    const csv = parseCsv(text);
    expect(csv.header).toEqual(['name', 'notes', 'n']);
    expect(csv.rows).toEqual([
      ['Smith, J', 'said "hi"\nthen left', '3'],
      ['plain', '', '4'],
    ]);
    // The second row starts on line 4 because the first spans lines 2-3.
    expect(csv.lines).toEqual([2, 4]);
    expect(csv.headerLine).toBe(1);
  });

  it('accepts CRLF, lone CR, a BOM, a missing final newline and blank lines', () => {
    const csv = parseCsv('\ufeffa,b\r\n1,2\r\n\r\n3,"x\r\ny"\r4,5');
    expect(csv.header).toEqual(['a', 'b']);
    expect(csv.rows).toEqual([
      ['1', '2'],
      // Line ends are made one (LF) before papaparse reads the file, inside quoted values too.
      ['3', 'x\ny'],
      ['4', '5'],
    ]);
    expect(csv.lines).toEqual([2, 4, 6]);
  });

  it('keeps empty cells, empty quoted fields and trailing empty fields', () => {
    expect(parseCsv('a,b,c\n,,\n"",x,""\n').rows).toEqual([
      ['', '', ''],
      ['', 'x', ''],
    ]);
    // A one-column file: a quoted empty field is a row, a bare blank line is not.
    expect(parseCsv('a\n""\n\n1\n').rows).toEqual([[''], ['1']]);
  });

  it('reads the real Spike file: quoted index column, header, 70 rows of 15 fields', () => {
    const csv = parseCsv(spikeReggaeton);
    expect(csv.header[0]).toBe('');
    expect(csv.header[14]).toBe('id_new');
    expect(csv.rows).toHaveLength(70);
    expect(csv.rows[0]).toEqual([
      '1',
      '68',
      '0.826',
      '0.704',
      '9',
      '-7.527',
      '1',
      '0.117',
      '0.189',
      '4.8e-05',
      '0.0617',
      '0.741',
      '94.013',
      '205000',
      '1',
    ]);
    expect(csv.lines[69]).toBe(71);
  });

  it('names the line of a ragged row', () => {
    expect(() => parseCsv('a,b,c\n1,2,3\n4,5\n')).toThrow(
      'CSV line 3 has 2 fields, expected 3 as in the header (line 1)',
    );
    expect(() => parseCsv('a,b\n1,2,3\n')).toThrow(/line 2 has 3 fields, expected 2/);
    const err = (() => {
      try {
        parseCsv('a,b\n"x\ny",1\n1\n');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CsvError);
    expect((err as CsvError).line).toBe(4);
  });

  it('names the line where an unterminated quote opened', () => {
    expect(() => parseCsv('a,b\n1,2\n3,"never closed\n4,5\n')).toThrow(
      'CSV line 3: quoted field is never closed (missing ")',
    );
  });

  it('rejects text after a closing quote', () => {
    expect(() => parseCsv('a,b\n"x"y,2\n')).toThrow(/line 2: unexpected character 'y' after a closing quote/);
  });

  it('rejects an empty file and a file of blank lines', () => {
    expect(() => parseCsv('')).toThrow('CSV is empty: expected a header row naming the columns');
    expect(() => parseCsv('\n\r\n\n')).toThrow(/CSV is empty/);
    expect(() => parseCsv('\ufeff')).toThrow(/CSV is empty/);
  });

  it('rejects binary garbage quickly instead of hanging', () => {
    const rng = createRng(11);
    const bytes = Array.from({ length: 200_000 }, () => String.fromCharCode(rng.int(256)));
    const garbage = bytes.join('');
    expect(() => parseCsv(garbage)).toThrow(/control byte 0x[0-9a-f]{2}: this is not a CSV text file/);
    // Even inside a quoted field.
    expect(() => parseCsv('a\n"x\u0000y"\n')).toThrow('CSV line 2 contains the control byte 0x00');
    // Printable noise (quotes scattered everywhere) ends in a CsvError, not a hang or a crash.
    const printable = Array.from({ length: 200_000 }, () => String.fromCharCode(32 + rng.int(95))).join('');
    expect(() => parseCsv(printable)).toThrow(CsvError);
  });
});

describe('toCsv', () => {
  it('quotes only what needs quoting and round-trips through parseCsv', () => {
    const header = ['', 'text', 'n'];
    const rows = [
      ['1', 'a, b', 0.5],
      ['2', 'say "x"', -3],
      ['3', 'two\nlines', 1e-7],
      ['4', ' padded ', 0],
      ['5', '', 7],
    ];
    const text = toCsv(header, rows);
    expect(text.split('\n')[0]).toBe(',text,n');
    expect(text).toContain('1,"a, b",0.5\n');
    expect(text).toContain('2,"say ""x""",-3\n');
    expect(text.endsWith('5,,7\n')).toBe(true);
    const back = parseCsv(text);
    expect(back.header).toEqual(header);
    expect(back.rows).toEqual(rows.map((r) => r.map(String)));
  });

  it('keeps empty values in a one-column file', () => {
    expect(parseCsv(toCsv(['a'], [[''], ['x']])).rows).toEqual([[''], ['x']]);
  });

  it('rejects a row of the wrong width and an empty header', () => {
    expect(() => toCsv(['a', 'b'], [['1', '2'], ['3']])).toThrow(
      'Row 1 has 1 fields, expected 2 as in the header',
    );
    expect(() => toCsv([], [])).toThrow(/at least one column/);
  });
});
