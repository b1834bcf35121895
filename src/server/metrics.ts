type Labels = Record<string, string>;

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface Metrics {
  inc(name: string, labels?: Labels, by?: number): void;
  observe(name: string, seconds: number, labels?: Labels): void;
  /** Gauges read when scraped (queue depth, hosts). */
  gauge(name: string, help: string, read: () => Promise<number> | number): void;
  render(): Promise<string>;
}

const HELP: Record<string, string> = {
  http_requests_total: 'HTTP requests by method, route and status.',
  http_request_duration_seconds: 'HTTP request duration by method and route.',
  interdict_inventories_total: 'Inventories received, by result (created, duplicate, rejected).',
  interdict_reevaluated_hosts_total: 'Hosts whose stored evidence was evaluated again in the background.',
  interdict_jobs_total: 'Background jobs finished, by kind and result.',
  interdict_ingest_transactions_total:
    'Ingest transactions (group commit), by result (committed, retried-alone, failed).',
  interdict_ingest_transaction_uploads_total: 'Uploads carried by ingest transactions, by result.',
  interdict_webhook_attempts_total: 'Webhook POSTs, by result (delivered, retry, failed).',
  interdict_webhook_deliveries_total: 'Webhook deliveries finished, by result (delivered, failed).',
};

function key(labels: Labels | undefined): string {
  if (!labels) return '';
  const parts = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** A small Prometheus text-format registry: counters, histograms and scrape-time gauges. */
export function createMetrics(): Metrics {
  const counters = new Map<string, Map<string, number>>();
  const histograms = new Map<
    string,
    Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>
  >();
  const gauges: { name: string; help: string; read: () => Promise<number> | number }[] = [];
  return {
    inc(name, labels, by = 1) {
      const series = counters.get(name) ?? new Map<string, number>();
      counters.set(name, series);
      const k = key(labels);
      series.set(k, (series.get(k) ?? 0) + by);
    },
    observe(name, seconds, labels = {}) {
      const series = histograms.get(name) ?? new Map();
      histograms.set(name, series);
      const k = key(labels);
      const h = series.get(k) ?? { labels, counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
      series.set(k, h);
      BUCKETS.forEach((b, i) => {
        if (seconds <= b) h.counts[i]!++;
      });
      h.sum += seconds;
      h.count++;
    },
    gauge(name, help, read) {
      gauges.push({ name, help, read });
    },
    async render() {
      const out: string[] = [];
      for (const [name, series] of counters) {
        out.push(`# HELP ${name} ${HELP[name] ?? name}`, `# TYPE ${name} counter`);
        for (const [k, v] of series) out.push(`${name}${k} ${v}`);
      }
      for (const [name, series] of histograms) {
        out.push(`# HELP ${name} ${HELP[name] ?? name}`, `# TYPE ${name} histogram`);
        for (const h of series.values()) {
          BUCKETS.forEach((b, i) =>
            out.push(`${name}_bucket${key({ ...h.labels, le: String(b) })} ${h.counts[i]}`),
          );
          out.push(`${name}_bucket${key({ ...h.labels, le: '+Inf' })} ${h.count}`);
          out.push(`${name}_sum${key(h.labels)} ${h.sum}`, `${name}_count${key(h.labels)} ${h.count}`);
        }
      }
      for (const g of gauges) {
        out.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`, `${g.name} ${await g.read()}`);
      }
      return `${out.join('\n')}\n`;
    },
  };
}
