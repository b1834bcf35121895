import { api } from '../../api.js';
import { useApi, useTitle } from '../../hooks.js';
import { todayOf } from '../../lib/dates.js';
import type { Attestation } from './types.js';

/** The attestation for the date and stale window in the query string (today and 30 days by default). */
export function useAttestation(search: string) {
  const params = new URLSearchParams(search);
  const date = params.get('date') ?? todayOf();
  const staleDays = params.get('staleDays') ?? '30';
  useTitle(`Attestation ${date}`);
  return useApi(
    (signal) =>
      api<Attestation>(
        `/reports/attestation?date=${encodeURIComponent(date)}&staleDays=${encodeURIComponent(staleDays)}`,
        { signal },
      ),
    `${date}/${staleDays}`,
  );
}
