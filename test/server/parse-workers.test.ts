import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sourceModule from '../../src/server/ingest/upload-parser.js';
import { readObservations } from '../../src/server/ingest/ingest.js';
import { createEvaluationCache } from '../../src/server/evaluation.js';
import type { UploadRejected } from '../../src/server/ingest/parse-upload.js';
import { CHROME, createHarness, inventory, KES, testPack, type Harness } from './harness.js';
import { runCli, spawnServe, type SpawnedServer } from './spawn-server.js';

// The worker script exists only in the build (test/global-setup.ts keeps dist/ current), so the
// worker side is loaded from there and compared with the in-thread side from the sources.
const built = (await import('../../dist/server/ingest/upload-parser.js' as string)) as typeof sourceModule;

const programs = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    name: `Contoso Tool ${i}`,
    publisher: 'Contoso Ltd.',
    version: `1.${i}`,
  }));

describe('upload parse workers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('sqlite');
  });
  afterAll(async () => h?.close());

  const job = (text: string, maxObservations = 500_000) => ({
    bytes: { bytes: Buffer.from(text) },
    name: 'upload:ws-001',
    host: 'ws-001',
    maxObservations,
  });
  const evaluation = () =>
    createEvaluationCache(testPack).forTenant(
      h.ctx.store.db,
      h.tenants['acme']!,
      new Date('2025-03-01T00:00:00Z'),
    );

  it('finds, in a worker thread, exactly what the server thread finds', async () => {
    const text = inventory('ws-001', '2025-03-01T09:00:00Z', [
      KES,
      CHROME,
      ...programs(500),
      { ...KES, version: '11.0' },
    ]);
    const workers = built.createUploadParser(testPack, { workers: 1, memoryMb: 256 });
    const inThread = sourceModule.createUploadParser(testPack, { workers: 1, memoryMb: 256, inThread: true });
    try {
      expect(workers.threads).toBe(true);
      expect(inThread.threads).toBe(false);
      const [a, b] = [
        await workers.parse(job(text), await evaluation()),
        await inThread.parse(job(text), await evaluation()),
      ];
      expect([...a.findings.keys()]).toEqual([...b.findings.keys()]);
      expect(a.findings).toEqual(b.findings);
      expect(a.findings.size).toBeGreaterThan(0);
      expect(a.parsed).toEqual(b.parsed);
      expect(await readObservations(a.blob)).toEqual(await readObservations(b.blob));
      expect((await readObservations(a.blob)).length).toBe(503);
    } finally {
      await workers.close();
    }
  });

  it('answers a refused upload with the same status and errors as the server thread', async () => {
    const workers = built.createUploadParser(testPack, { workers: 1, memoryMb: 256 });
    try {
      const tooMany = inventory('ws-001', '2025-03-01T09:00:00Z', programs(20));
      const refused = await workers.parse(job(tooMany, 5), await evaluation()).catch((e: unknown) => e);
      // The class from the build is not the one from the sources: compare what a route reads.
      expect(refused).toMatchObject({ status: 413, message: 'more than 5 observations in one inventory' });
      const unreadable = await workers
        .parse(job('{"schema":"interdict/inventory@1","observations":[{"kind":'), await evaluation())
        .catch((e: unknown) => e);
      expect(unreadable).toMatchObject({ status: 422 });
      expect((unreadable as UploadRejected).errors[0]).toMatchObject({ source: 'upload:ws-001' });
      // The lane is still usable after a refusal.
      const ok = await workers.parse(
        job(inventory('ws-001', '2025-03-01T09:00:00Z', [KES])),
        await evaluation(),
      );
      expect(ok.findings.size).toBe(1);
    } finally {
      await workers.close();
    }
  });

  it('refuses with 413 an upload that outgrows the worker heap, and the next one parses on a fresh worker', async () => {
    const workers = built.createUploadParser(testPack, { workers: 1, memoryMb: 16 });
    try {
      const huge = inventory('ws-001', '2025-03-01T09:00:00Z', programs(200_000));
      const refused = await workers.parse(job(huge), await evaluation()).catch((e: unknown) => e);
      expect(refused).toMatchObject({ status: 413 });
      expect((refused as Error).message).toMatch(/needs more than 16 MiB \(--parse-memory\)/);
      const ok = await workers.parse(
        job(inventory('ws-001', '2025-03-01T09:00:00Z', [KES])),
        await evaluation(),
      );
      expect(ok.findings.size).toBe(1);
    } finally {
      await workers.close();
    }
  });
});

describe('interdict serve --parse-memory', () => {
  let dir: string;
  let server: SpawnedServer | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'interdict-parse-memory-'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('bounds the memory of one upload: over the limit is 413, and the server goes on serving', async () => {
    const db = `sqlite:${join(dir, 'fleet.db')}`;
    runCli(['admin', 'migrate', '--db', db]);
    const token = runCli([
      'admin',
      'token',
      'create',
      '--name',
      'import',
      '--role',
      'agent',
      '--bulk-import',
      '--db',
      db,
    ]);
    server = await spawnServe(db, ['--parse-memory', '32', '--body-limit', String(256 * 1024 * 1024)]);
    const post = (host: string, body: string) =>
      fetch(`${server!.url}/api/v1/hosts/${host}/inventories`, {
        method: 'POST',
        body,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
    const huge = await post('ws-huge', inventory('ws-huge', '2025-03-01T09:00:00Z', programs(300_000)));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { message: string }).message).toMatch(/--parse-memory/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const small = await post('ws-small', inventory('ws-small', '2025-03-01T09:00:00Z', [CHROME]));
    expect(small.status).toBe(201);
  });
});
