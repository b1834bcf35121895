/**
 * Bounds on what one artifact may make the scanner do. Each one hit leaves content unread, so it is
 * a located read error (exit 3), never a note.
 */
export interface ArtifactLimits {
  /** Archive nesting: the named file is depth 0, its members depth 1… (`--max-depth`). */
  maxDepth: number;
  /** Members read from one archive; the rest are skipped with a read error. */
  maxMembers: number;
  /** Decompressed bytes read from one top-level artifact, all members together. */
  maxTotalBytes: number;
  /** Decompressed/compressed ratio above which a member is treated as a bomb (checked past 1 MiB). */
  maxRatio: number;
  /** Members up to this size are held in memory; larger ones are spooled to a temporary file. */
  maxBufferBytes: number;
  /** Structures read whole (resource sections, plists, package databases, xar TOCs) stay below this. */
  maxStructureBytes: number;
}

const DEFAULT_ARTIFACT_LIMITS: ArtifactLimits = {
  maxDepth: 8,
  maxMembers: 200_000,
  maxTotalBytes: 16 * 1024 ** 3,
  maxRatio: 200,
  maxBufferBytes: 64 * 1024 ** 2,
  maxStructureBytes: 32 * 1024 ** 2,
};

/** Fills unset limits with the defaults; rejects nonsense so a usage error is located at the flag. */
export function resolveLimits(partial: Partial<ArtifactLimits> = {}): ArtifactLimits {
  const limits = { ...DEFAULT_ARTIFACT_LIMITS };
  for (const [key, value] of Object.entries(partial) as [keyof ArtifactLimits, number | undefined][]) {
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0)
      throw new RangeError(`${key} must be a non-negative integer, got ${value}`);
    limits[key] = value;
  }
  return limits;
}
