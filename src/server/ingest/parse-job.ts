import type { Finding } from '../../core/finding.js';
import { createBufferSource, openFileSource } from '../../inputs/source.js';
import type { InputSource } from '../../inputs/types.js';
import type { TenantEvaluation } from '../evaluation.js';
import { compressObservations } from './compress-observations.js';
import { parseUpload, type ParsedUpload } from './parse-upload.js';

/** Where an upload's bytes are: a spooled file, or bytes in memory (tests, small callers). */
export type UploadBytes = { file: string } | { bytes: Uint8Array };

/** One upload to read, evaluate and compress: plain data, so it can go to a worker thread. */
export interface ParseJob {
  bytes: UploadBytes;
  name: string;
  host: string;
  formatId?: string;
  maxObservations: number;
}

/** What the transaction needs of a parsed upload: its findings, and its evidence compressed. */
export interface ParseOutcome {
  /** Without its observations: they are in `blob`. */
  parsed: ParsedUpload;
  findings: Map<string, Finding>;
  blob: string;
}

export async function openUploadBytes(name: string, bytes: UploadBytes): Promise<InputSource> {
  if ('file' in bytes) return { ...(await openFileSource(bytes.file)), name };
  return createBufferSource(
    name,
    Buffer.from(bytes.bytes.buffer, bytes.bytes.byteOffset, bytes.bytes.length),
  );
}

/**
 * Parse, evaluate, compress: the CPU- and memory-heavy part of an upload, the same in a worker and
 * in the server's own thread. The observations are dropped once compressed.
 */
export async function runParseJob(
  job: ParseJob,
  evaluate: TenantEvaluation['evaluate'],
): Promise<ParseOutcome> {
  const parsed = await parseUpload(await openUploadBytes(job.name, job.bytes), {
    name: job.name,
    host: job.host,
    formatId: job.formatId,
    maxObservations: job.maxObservations,
  });
  const findings = evaluate(parsed.observations);
  const blob = await compressObservations(parsed.observations);
  parsed.observations = [];
  return { parsed, findings, blob };
}
