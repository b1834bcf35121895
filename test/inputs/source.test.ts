import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { detectEncoding } from '../../src/inputs/encoding.js';
import { createBufferSource, createStreamSource, openText, readSample } from '../../src/inputs/source.js';
import { collect } from './helpers.js';

const text = 'Name;Publisher\nProtección Total;Seguridad Informática\n';

describe('encoding', () => {
  it.each([
    ['UTF-8', Buffer.from(text), 'utf-8', 0],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8', 3],
    [
      'UTF-16LE with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'utf-16le',
      2,
    ],
    [
      'UTF-16BE with BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
      'utf-16be',
      2,
    ],
    ['UTF-16LE without BOM', Buffer.from(text, 'utf16le'), 'utf-16le', 0],
    ['Latin-1', Buffer.from(text, 'latin1'), 'windows-1252', 0],
    ['NULs', Buffer.alloc(1000), 'binary', 0],
  ])('decides %s', async (_label, bytes, encoding, bomLength) => {
    expect(detectEncoding(bytes, true)).toEqual({ encoding, bomLength });
    const source = createBufferSource('x', bytes);
    const sample = await readSample(source);
    const decoded = (await collect(openText(source))).join('');
    if (encoding === 'binary') expect(sample.text).toBe('');
    else {
      expect(sample.text).toBe(text);
      expect(decoded).toBe(text);
    }
  });

  it('does not take a UTF-8 sequence cut by the sample boundary for Latin-1', () => {
    const bytes = Buffer.from('é'.repeat(10));
    expect(detectEncoding(bytes.subarray(0, 5), false).encoding).toBe('utf-8');
    expect(detectEncoding(bytes.subarray(0, 5), true).encoding).toBe('windows-1252');
  });

  it('decodes UTF-16 in chunks that split characters', async () => {
    const long = 'Касперский 😀 '.repeat(20000);
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(long, 'utf16le')]);
    const source = {
      name: 'x',
      open: () =>
        Readable.from([bytes.subarray(0, 70001), bytes.subarray(70001, 140003), bytes.subarray(140003)]),
    };
    expect((await collect(openText(source))).join('')).toBe(long);
  });
});

describe('createStreamSource', () => {
  it('lets detection peek at stdin and replays those bytes to the reader', async () => {
    const body = 'x'.repeat(100_000) + '\nend\n';
    const source = createStreamSource(
      '-',
      Readable.from([Buffer.from(body.slice(0, 30_000)), Buffer.from(body.slice(30_000))]),
    );
    const sample = await readSample(source);
    expect(sample.bytes.length).toBe(65536);
    expect((await collect(openText(source))).join('')).toBe(body);
    expect(() => source.open()).toThrow(/only once/);
  });
});
