import type { Finding } from './finding.js';
import type { Profile, Status } from './status.js';

export const REPORT_SCHEMA = 'interdict/report@1';

export interface ReadError {
  source: string;
  locator: string;
  message: string;
}

export interface InputSummary {
  source: string;
  format: string;
  records: number;
  errors: ReadError[];
  /** Set when the input could not be read at all. */
  failed?: boolean;
  /** Set, with the reason, when a file met in a directory walk was not read (format not recognised, empty). */
  skipped?: string;
  /** Things worth showing that are not failures (a package manager absent from this host). */
  notes?: ReadError[];
}

export interface WaiverUse {
  id: string;
  state: 'applied' | 'expired' | 'unused';
  expires: string;
  findings: number;
}

/**
 * A data-pack source that findings cite, resolved so every output can link it. `url` is set only
 * for an http(s) address: a repo locator becomes its pinned GitHub file.
 */
export interface SourceLink {
  id: string;
  title: string;
  url?: string;
  publisher?: string;
  published?: string;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  tool: { name: 'interdict'; version: string; data: string };
  asOf: string;
  profile: Profile;
  inputs: InputSummary[];
  summary: { records: number; findings: number; byStatus: Partial<Record<Status, number>> };
  findings: Finding[];
  waivers?: WaiverUse[];
  /** The sources cited by `findings` (match and determination source ids), sorted by id. */
  sources?: SourceLink[];
  errors: ReadError[];
}
