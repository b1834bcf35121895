import type { Finding } from '../../core/finding.js';

/** Most findings one event lists; the rest are counted in `total`. */
export const MAX_LISTED = 50;

export interface EventFinding {
  id: string;
  host: string;
  product: { id: string; name: string; vendor: string };
  status: string;
  severity: string;
  ruling: { id: string; title: string; phase?: string; since?: string } | null;
  /** The dashboard page of the finding, from the server's public URL. */
  url: string;
}

export interface PhaseReminder {
  date: string;
  daysLeft: number;
  /** The configured reminder this is (30 of "30,7,1"); daysLeft may be smaller after an outage. */
  daysBefore: number;
  ruling: { id: string; title: string; phase: string };
  /** What the phase does, as the ruling says it. */
  effect: string;
  hosts: number;
  findings: number;
  /** A few of the affected hosts, by name. */
  sampleHosts: string[];
}

/** The generic JSON body (schema `interdict/webhook@1`); the Slack body is rendered from it. */
export interface WebhookEvent {
  schema: 'interdict/webhook@1';
  type: 'findings.opened' | 'phase.reminder' | 'test';
  id: string;
  time: string;
  tenant: { id: string; slug: string };
  summary: string;
  host?: { id: string; name: string; inventory: string };
  findings?: EventFinding[];
  /** Every finding the event is about, listed or not. */
  total?: number;
  phase?: PhaseReminder;
  dashboard?: string;
}

export function eventFinding(publicUrl: string, id: string, host: string, f: Finding): EventFinding {
  const worst = f.determinations.find((d) => d.status === f.status) ?? f.determinations[0];
  return {
    id,
    host,
    product: { id: f.product.id, name: f.product.name, vendor: f.product.vendor },
    status: f.status,
    severity: f.severity,
    ruling: worst
      ? {
          id: worst.id,
          title: worst.title,
          ...(worst.phase ? { phase: worst.phase } : {}),
          ...(worst.since ? { since: worst.since } : {}),
        }
      : null,
    url: `${trimSlash(publicUrl)}/findings/${encodeURIComponent(id)}`,
  };
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * Slack's three control characters in text: `<`, `>` start links and mentions (`<!channel>`,
 * `<@U…>`, `<http://x|y>`), `&` starts an escape. Escaped, a host or product name stays text.
 */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack incoming-webhook body: `text` (notifications, fallbacks) and `blocks` with mrkdwn. */
export function renderSlack(event: WebhookEvent): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${slackEscape(event.summary)}*` } },
  ];
  if (event.findings?.length) {
    const lines = event.findings.map(
      (f) =>
        `• <${slackEscape(f.url)}|${slackEscape(f.product.name)}> on \`${slackEscape(f.host)}\`: ${slackEscape(
          f.status,
        )} (${slackEscape(f.severity)})${f.ruling ? ` — ${slackEscape(f.ruling.title)}` : ''}`,
    );
    const more = (event.total ?? 0) - event.findings.length;
    if (more > 0) lines.push(`…and ${more} more`);
    // A section holds 3000 characters: split the list over several.
    for (const chunk of chunkLines(lines, 2900))
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
  }
  if (event.phase) {
    const p = event.phase;
    const hosts = p.sampleHosts.map((h) => `\`${slackEscape(h)}\``).join(', ');
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${slackEscape(p.effect)}\n${p.hosts} host(s), ${p.findings} finding(s)${hosts ? `: ${hosts}` : ''}${
          p.hosts > p.sampleHosts.length ? ', …' : ''
        }`,
      },
    });
  }
  if (event.dashboard)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `<${slackEscape(event.dashboard)}|Open the dashboard>` }],
    });
  return { text: slackEscape(event.summary), blocks };
}

function chunkLines(lines: string[], max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of lines) {
    const clipped = line.length > max ? `${line.slice(0, max - 1)}…` : line;
    if (current && current.length + 1 + clipped.length > max) {
      out.push(current);
      current = '';
    }
    current = current ? `${current}\n${clipped}` : clipped;
  }
  if (current) out.push(current);
  return out;
}

/** The bytes sent for a webhook of `format`. */
export function renderBody(format: string, event: WebhookEvent): string {
  return JSON.stringify(format === 'slack' ? renderSlack(event) : event);
}
