import { describe, expect, it } from 'vitest';
import {
  extensionOf,
  inferFormat,
  isReporterName,
  loadReporter,
  OutputSpecError,
  parseOutputSpecs,
  REPORTER_NAMES,
} from '../../src/report/registry.js';

describe('reporter registry', () => {
  it('lists every format and loads each one under its own name', async () => {
    expect(REPORTER_NAMES).toEqual(['table', 'json', 'csv', 'sarif', 'markdown', 'html', 'cyclonedx']);
    for (const name of REPORTER_NAMES) {
      const reporter = await loadReporter(name);
      expect(reporter.name).toBe(name);
      expect(extensionOf(name)).toMatch(/^\.[a-z]+(\.[a-z]+)?$/);
      expect(inferFormat(`out${extensionOf(name)}`)).toBe(name);
    }
  });

  it('knows its names, and nothing from Object.prototype', () => {
    expect(isReporterName('sarif')).toBe(true);
    expect(isReporterName('xml')).toBe(false);
    expect(isReporterName('toString')).toBe(false);
    expect(isReporterName('constructor')).toBe(false);
  });
});

describe('parseOutputSpecs', () => {
  it.each([
    ['out.sarif', 'sarif'],
    ['build/interdict.sarif.json', 'sarif'],
    ['build/bom.cdx.json', 'cyclonedx'],
    ['scan.json', 'json'],
    ['findings.CSV', 'csv'],
    ['ticket.md', 'markdown'],
    ['report.html', 'html'],
    ['report.htm', 'html'],
    ['scan.txt', 'table'],
  ])('infers the format of %s from its extension', (spec, format) => {
    expect(parseOutputSpecs([spec], 'table')).toEqual([{ format, path: spec }]);
  });

  it('falls back to the default format when the extension says nothing', () => {
    expect(parseOutputSpecs(['scan.out', '-'], 'json')).toEqual([
      { format: 'json', path: 'scan.out' },
      { format: 'json', path: '-' },
    ]);
  });

  it('takes several NAME=FILE outputs, the name winning over the extension', () => {
    expect(
      parseOutputSpecs(['sarif=out.sarif', 'html=report.html', 'json=scan.txt', 'csv=-'], 'table'),
    ).toEqual([
      { format: 'sarif', path: 'out.sarif' },
      { format: 'html', path: 'report.html' },
      { format: 'json', path: 'scan.txt' },
      { format: 'csv', path: '-' },
    ]);
  });

  it('keeps "=" that belongs to a path', () => {
    expect(parseOutputSpecs(['./a=b.json', 'C:\\out\\x=1.csv'], 'table')).toEqual([
      { format: 'json', path: './a=b.json' },
      { format: 'csv', path: 'C:\\out\\x=1.csv' },
    ]);
  });

  it('names the unknown format and the known ones', () => {
    expect(() => parseOutputSpecs(['xml=out.xml'], 'table')).toThrow(OutputSpecError);
    expect(() => parseOutputSpecs(['xml=out.xml'], 'table')).toThrow(
      /unknown output format "xml" in -o xml=out.xml; known formats: table, json, csv, sarif, markdown, html/,
    );
  });

  it('refuses an empty file name and two outputs to one place', () => {
    expect(() => parseOutputSpecs(['sarif='], 'table')).toThrow(/missing file name after "sarif="/);
    expect(() => parseOutputSpecs([''], 'table')).toThrow(/-o needs a file name/);
    expect(() => parseOutputSpecs(['json=-', 'sarif=-'], 'table')).toThrow(/both write to standard output/);
    expect(() => parseOutputSpecs(['a.json', 'sarif=a.json'], 'table')).toThrow(
      /-o a.json and -o sarif=a.json both write to a.json/,
    );
  });

  it('infers nothing from a name without an extension', () => {
    expect(inferFormat('report')).toBeUndefined();
    expect(inferFormat('sarif')).toBeUndefined();
  });
});
