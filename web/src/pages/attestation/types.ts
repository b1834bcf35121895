// The server's own type for the report, so a change to what it sends breaks the web build, not the page.
import type { Attestation } from '../../../../src/server/reports/attestation.js';

/** The attestation report for one date, as GET /reports/attestation sends it. */
export type { Attestation };

/** One finding as the attestation lists it, open or resolved by the report date. */
export type AttestationFindingRow = Attestation['findings']['openItems'][number];
