import type { Observation } from '../../src/core/observation.js';
import { createArtifactFormat } from '../../src/inputs/artifacts/artifact-format.js';
import { createBufferSource } from '../../src/inputs/source.js';
import type { ReadContext } from '../../src/inputs/types.js';

/** What the artifact reader makes of some bytes, with every prefilter answer "maybe". */
export async function observeBytes(
  name: string,
  bytes: Buffer,
): Promise<{ observations: Observation[]; notes: string[] }> {
  const out = { observations: [] as Observation[], notes: [] as string[] };
  const ctx: ReadContext = {
    error: (l, m) => out.notes.push(`error ${l}: ${m}`),
    note: (l, m) => out.notes.push(`${l}: ${m}`),
    record: () => {},
    mayMatch: () => true,
    progress: () => {},
  };
  for await (const o of createArtifactFormat().read(createBufferSource(name, bytes), ctx))
    out.observations.push(o);
  return out;
}
