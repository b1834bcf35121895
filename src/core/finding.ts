import type { IdentifierKind, Observation } from './observation.js';
import type { Severity, Status } from './status.js';

export interface MatchInfo {
  on: IdentifierKind;
  value: string;
  /** The catalog identifier (pattern) that hit. */
  pattern: string;
  confidence: number;
  /** Other identifiers of the same observation that pointed at the same product. */
  corroboratedBy?: { on: IdentifierKind; value: string }[];
  /** Data-pack source ids behind the catalog identifier that hit: what shows this value is the product. */
  sources?: string[];
  /** Set only when the identifier that hit is marked `evidence: weak`: no followable source shows its value. */
  evidence?: 'weak';
  /** For fuzzy matches (suppliers): which tokens matched, and how. */
  explanation?: string;
}

export interface ProductRef {
  id: string;
  name: string;
  vendor: string;
  category: string;
  /** Set when the product is a third-party integration: who ships it and what it embeds. */
  integration?: { carrier: string; component: string };
}

export interface DeterminationRef {
  id: string;
  title: string;
  /** What this determination does to this finding, in one sentence. */
  effect: string;
  /** Status this determination alone gives. */
  status: Status;
  /** The phase in force (or the next one, when upcoming). */
  phase?: string;
  since?: string;
  /** Days left until `since` when it lies after the as-of date. */
  daysLeft?: number;
  citation: string;
  sources: string[];
}

export interface WaiverRef {
  id: string;
  reason: string;
  approvedBy: string;
  expires: string;
}

/** One matched record behind a finding: a thing seen twice (two contracts, two installs) keeps both. */
export interface Sighting {
  status: Status;
  observation: Observation;
  /** Locators of further records with exactly this content in the same source (snapshots repeat rows). */
  repeats?: string[];
}

export interface Finding {
  status: Status;
  severity: Severity;
  product: ProductRef;
  match: MatchInfo;
  determinations: DeterminationRef[];
  observation: Observation;
  remediation: string;
  waiver?: WaiverRef;
  /** The chain identifier → product → determination phase → effect, one line each. */
  reasons: string[];
  /**
   * Every record of this thing that matched, worst first; the first is `observation`. Absent when
   * one record, read once, is all there is.
   */
  sightings?: Sighting[];
}
