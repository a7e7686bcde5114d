import { describe, expect, it } from 'vitest';
import { MAX_CSV_COLUMNS, MAX_CSV_FIELD_CHARS, parseCsv } from './csv';
import { tabularFromCsv } from './tabular';

describe('CSV tables past the budget', () => {
  it('refuses 100,000 numeric columns while reading the header, naming the cap', () => {
    const header = Array.from({ length: 100_000 }, (_, c) => `f${c}`).join(',') + ',label';
    const row = Array.from({ length: 100_000 }, (_, c) => String(c % 7)).join(',') + ',a';
    const started = performance.now();
    expect(() => tabularFromCsv(`${header}\n${row}\n${row}\n`)).toThrow(
      'CSV line 1 has more than 10,000 columns, the most this app reads',
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('reads a table of exactly the cap', () => {
    const header = Array.from({ length: MAX_CSV_COLUMNS - 1 }, (_, c) => `f${c}`).join(',') + ',label';
    const row = (k: string) =>
      Array.from({ length: MAX_CSV_COLUMNS - 1 }, (_, c) => String(c % 5)).join(',') + `,${k}`;
    expect(tabularFromCsv(`${header}\n${row('a')}\n${row('b')}\n`).columns).toHaveLength(MAX_CSV_COLUMNS - 1);
  });

  it('refuses one 50 MB line as one field too long, without splitting it', () => {
    const line = 'x'.repeat(50 * 2 ** 20);
    const started = performance.now();
    expect(() => parseCsv(`${line}\n`)).toThrow(
      `CSV line 1: field 1 holds more than ${MAX_CSV_FIELD_CHARS.toLocaleString('en')} characters`,
    );
    expect(() => parseCsv(`"${line}"\n`)).toThrow(/field 1 holds more than/);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('names UTF-16 text as such', () => {
    const utf16 = new TextDecoder('utf-8').decode(
      Uint8Array.from([0xff, 0xfe, ...Array.from('a,label\n1,x\n', (c) => [c.charCodeAt(0), 0]).flat()]),
    );
    expect(() => parseCsv(utf16)).toThrow('This CSV is UTF-16 text: save it as UTF-8 and load it again');
    const noBom = 'a\0,\0l\0a\0b\0e\0l\0\n\0';
    expect(() => parseCsv(noBom)).toThrow(/UTF-16/);
  });

  it('lists many ignored columns in header order quickly (no indexOf per comparison)', () => {
    const n = 9_000;
    const header = [...Array.from({ length: n }, (_, c) => `t${c}`), 'x', 'label'].join(',');
    const row = (k: string) => [...Array.from({ length: n }, () => 'word'), '1', k].join(',');
    const started = performance.now();
    const ds = tabularFromCsv(`${header}\n${row('a')}\n${row('b')}\n`);
    expect(ds.ignoredColumns.slice(0, 2)).toEqual([
      { name: 't0', reason: 'text' },
      { name: 't1', reason: 'text' },
    ]);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
