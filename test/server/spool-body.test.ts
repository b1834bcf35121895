import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spoolBody } from '../../src/server/ingest/spool-body.js';

/** A request body as fetch hands it to the route, in chunks of `chunk` bytes. */
function bodyOf(bytes: Buffer, chunk = 1000): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(at, at + chunk)));
      at += chunk;
    },
  });
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('spoolBody', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'interdict-spool-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps a small body (a differential check-in) in memory and writes no file', async () => {
    const bytes = Buffer.from(JSON.stringify({ schema: 'x', added: ['a'.repeat(1800)] }));
    const spooled = await spoolBody(bodyOf(bytes, 700), { dir, limit: 1 << 20 });
    expect(spooled.bytes).toEqual({ bytes });
    expect(spooled.size).toBe(bytes.length);
    expect(spooled.sha256).toBe(sha256(bytes));
    expect(await readdir(dir)).toEqual([]);
    await spooled.remove();
  });

  it('spools a body past the memory bound to a private file, whole, and removes it', async () => {
    const bytes = Buffer.alloc(200_000, 'inventory ');
    const spooled = await spoolBody(bodyOf(bytes, 4096), { dir, limit: 1 << 20, memoryLimit: 10_000 });
    expect('file' in spooled.bytes).toBe(true);
    const path = (spooled.bytes as { file: string }).file;
    expect(await readFile(path)).toEqual(bytes);
    expect(spooled.sha256).toBe(sha256(bytes));
    await spooled.remove();
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a body over the limit with 413 and leaves no file, in memory or spooled', async () => {
    for (const memoryLimit of [1 << 20, 1000]) {
      const error = await spoolBody(bodyOf(Buffer.alloc(50_000, 1)), {
        dir,
        limit: 20_000,
        memoryLimit,
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 413 });
      expect(await readdir(dir)).toEqual([]);
    }
  });

  it('rejects, rather than crashing, when the spool directory cannot be written', async () => {
    const error = await spoolBody(bodyOf(Buffer.alloc(5000, 1)), {
      dir: join(dir, 'missing'),
      limit: 1 << 20,
      memoryLimit: 1000,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ENOENT' });
  });
});
