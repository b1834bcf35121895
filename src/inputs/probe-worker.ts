import { parentPort, workerData } from 'node:worker_threads';
import type { Observation } from '../core/observation.js';
import type { InputSummary } from '../core/report.js';
import { createPrefilter } from '../core/prefilter.js';
import { ARTIFACT_FORMAT_ID } from './artifacts/frame.js';
import type { ProbeBatch, ProbeReply, ProbeResult, ProbeWorkerData } from './probe-pool.js';
import { createReadContext } from './read-context.js';
import { configureFormats, probeInput, readWithFormat } from './read-file.js';

// A probe worker: detects the files of a directory scan and reads the binaries (executables,
// bundles, archives, images) itself; files in text formats go back to the main thread, whose
// readers stream them with the matcher's narrower prefilters.
const data = workerData as ProbeWorkerData;
const formats = configureFormats(data.settings);
const mayMatch = data.needles ? createPrefilter(data.needles) : () => true;

async function probeOne(path: string): Promise<ProbeResult> {
  const summary: InputSummary = { source: path, format: '', records: 0, errors: [] };
  const probe = probeInput(path, summary, formats, data.settings.inputFormat, true);
  if (!probe) return { summary, size: 0 };
  const { probed, resolved } = probe;
  const size = probed.source.size ?? 0;
  if (!resolved) return { summary, size };
  if (resolved.format.id !== ARTIFACT_FORMAT_ID)
    return { summary, size, readHere: { formatId: resolved.format.id, detection: resolved.detection } };
  probed.keep();
  const observations: Observation[] = [];
  const ctx = createReadContext(summary, { mayMatch, progress: () => undefined });
  for await (const obs of readWithFormat(probed.source, resolved, summary, ctx)) observations.push(obs);
  return { summary, size, observations };
}

parentPort!.on('message', (batch: ProbeBatch) => {
  void (async () => {
    let reply: ProbeReply;
    try {
      const results: ProbeResult[] = [];
      for (const path of batch.request) results.push(await probeOne(path));
      reply = { id: batch.id, result: results };
    } catch (cause) {
      reply = { id: batch.id, error: (cause as Error).message };
    }
    parentPort!.postMessage(reply);
  })();
});
