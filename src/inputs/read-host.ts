import { hostname } from 'node:os';
import type { Observation } from '../core/observation.js';
import { finishSummary } from './read-context.js';
import type { SourceReader } from './read-source.js';

/**
 * This host, through every collector for its platform: one entry in `inputs` per collector.
 * A collector that fails is an error on its entry; the others still run.
 */
export async function* collectHost(reader: SourceReader): AsyncGenerator<Observation> {
  const host = hostname();
  // Loaded on first use: a scan of files alone never needs the collectors' modules.
  const collectors =
    reader.options.collectors ?? (await import('./collectors/registry.js')).listHostCollectors();
  if (collectors.length === 0) {
    const message = `no host collector for platform ${process.platform}; name files or directories to scan`;
    reader.failed(host, message, 'host');
    return;
  }
  for (const collector of collectors) {
    const summary = reader.summaryOf(host, collector.id);
    const ctx = reader.context(summary, host);
    let yielded = 0;
    try {
      for await (const obs of collector.collect(ctx)) {
        yielded++;
        yield obs;
      }
    } catch (cause) {
      if (reader.options.signal?.aborted) throw cause;
      ctx.error(collector.id, `collector failed: ${(cause as Error).message}`);
    } finally {
      finishSummary(summary, ctx, yielded);
    }
  }
}
