import type { Observation } from '../../core/observation.js';
import { mapPowerShellObject, propertiesOf } from '../formats/powershell-objects.js';
import type { ReadContext } from '../types.js';
import { toExecutablePath, type PowerShellEnvelope } from './windows-parse.js';
import { createSignerScript } from './windows-scripts.js';

/** The Authenticode signature of one binary. */
interface Signature {
  /** The expanded path PowerShell read. */
  path: string;
  /** The signer certificate's CN (AO Kaspersky Lab); undefined when unsigned. */
  signer?: string;
  subject?: string;
  status?: string;
}

export interface ReadSignaturesOptions {
  /** At most this many distinct binaries are checked. */
  max: number;
  ctx: ReadContext;
  /** Runs one signer script; undefined when it failed (already reported). */
  run(script: string): Promise<PowerShellEnvelope | undefined>;
  /** Paths per PowerShell invocation: keeps the encoded command under the 32 KiB command-line limit. */
  batch?: number;
}

/** Signatures by lower-cased path, both as given (%SystemRoot%\…) and as expanded. */
export type SignatureIndex = Map<string, Signature>;

const SYSTEM = /^(%SystemRoot%|[A-Za-z]:\\Windows)\\/i;

/**
 * Reads the Authenticode signatures of the distinct binaries of services and drivers, those
 * outside the Windows folder first (third-party software lives there), at most `max` of them.
 */
export async function readSignatures(
  observations: readonly Observation[],
  options: ReadSignaturesOptions,
): Promise<SignatureIndex> {
  const { ctx, max } = options;
  const unique = new Map<string, string>();
  for (const obs of observations) {
    const path = toExecutablePath(obs.path);
    if (path && !unique.has(path.toLowerCase())) unique.set(path.toLowerCase(), path);
  }
  const paths = [...unique.values()].sort((a, b) => Number(SYSTEM.test(a)) - Number(SYSTEM.test(b)));
  if (paths.length > max)
    ctx.note?.(
      'signers',
      `${paths.length - max} of ${paths.length} service and driver binaries not checked (limit ${max})`,
    );
  const index: SignatureIndex = new Map();
  const missing: string[] = [];
  const batch = options.batch ?? 32;
  const chosen = paths.slice(0, max);
  for (let start = 0; start < chosen.length; start += batch) {
    const envelope = await options.run(createSignerScript(chosen.slice(start, start + batch)));
    for (const item of envelope?.items ?? []) {
      const { get } = propertiesOf(item);
      const key = typeof get('key') === 'string' ? (get('key') as string) : undefined;
      const path = typeof get('path') === 'string' ? (get('path') as string) : key;
      if (!key || !path) continue;
      if (get('missing') === true) {
        missing.push(path);
        continue;
      }
      const mapped = mapPowerShellObject('authenticode', get);
      const signature: Signature = { path };
      if (mapped && !('error' in mapped)) {
        const signer = mapped.ids?.find((i) => i.kind === 'signer')?.value;
        if (signer) signature.signer = signer;
        if (mapped.attributes?.['signerSubject']) signature.subject = mapped.attributes['signerSubject'];
        if (mapped.attributes?.['status']) signature.status = mapped.attributes['status'];
      }
      index.set(key.toLowerCase(), signature);
      index.set(path.toLowerCase(), signature);
    }
  }
  if (missing.length)
    ctx.note?.(
      'signers',
      `${missing.length} service or driver binaries do not exist (e.g. ${missing[0]}); their services are stale`,
    );
  return index;
}

/**
 * Attaches signers: to services and drivers by their binary, to processes by their path, to
 * programs by a signed binary inside their install location.
 */
export function attachSigners(observations: Observation[], index: SignatureIndex): void {
  if (index.size === 0) return;
  const signatures = [...new Set(index.values())];
  for (const obs of observations) {
    let signature: Signature | undefined;
    if (obs.kind === 'program') {
      const dir = obs.path?.replace(/\\?$/, '\\').toLowerCase();
      if (dir && dir.length > 3)
        signature = signatures.find((s) => s.signer && s.path.toLowerCase().startsWith(dir));
    } else {
      const path = obs.kind === 'process' ? obs.path : toExecutablePath(obs.path);
      if (path) signature = index.get(path.toLowerCase());
    }
    if (!signature) continue;
    if (signature.signer && !obs.ids?.some((i) => i.kind === 'signer' && i.value === signature.signer))
      obs.ids = [...(obs.ids ?? []), { kind: 'signer', value: signature.signer }];
    obs.attributes = {
      ...obs.attributes,
      ...(signature.subject ? { signerSubject: signature.subject } : {}),
      ...(signature.status ? { signatureStatus: signature.status } : {}),
    };
  }
}
