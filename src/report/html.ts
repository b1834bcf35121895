import { createHash } from 'node:crypto';
import type { Finding } from '../core/finding.js';
import type { Report, SourceLink } from '../core/report.js';
import { STATUSES } from '../core/status.js';
import {
  collectErrors,
  collectNotes,
  countBySeverity,
  countByStatus,
  describeDeadline,
  describeMatch,
  formatCount,
  listSkipped,
  listWaiverNotes,
  pluralize,
  sortFindings,
  describeOtherSightings,
} from './describe.js';
import { HTML_CSS, HTML_SCRIPT, SEVERITY_COLORS, STATUS_COLORS } from './html-assets.js';
import { renderSeverityDonut, renderStatusBars } from './html-chart.js';
import { safeHttpUrl, sourceIndex } from './source-links.js';
import type { Reporter } from './types.js';

type SourceLookup = (id: string) => SourceLink | undefined;

/** Text or attribute value from input data, made inert. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const e = escapeHtml;

const COLOR_CSS = [
  ...Object.entries(STATUS_COLORS).map(
    ([s, c]) => `.badge.st-${s}{background:${c}}.card.st-${s}{border-left-color:${c}}`,
  ),
  ...Object.entries(SEVERITY_COLORS).map(([s, c]) => `.badge.sv-${s}{background:${c}}`),
].join('\n');

const STYLE = `${HTML_CSS}${COLOR_CSS}\n`;

// The page allows only its own inline style and script, by hash: nothing is fetched, and
// markup that slipped through escaping still could not run.
function hashOf(content: string): string {
  return `'sha256-${createHash('sha256').update(content).digest('base64')}'`;
}
const CSP = [
  "default-src 'none'",
  `style-src ${hashOf(STYLE)}`,
  `script-src ${hashOf(HTML_SCRIPT)}`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function renderCards(report: Readonly<Report>, findings: Finding[]): string {
  const read = report.inputs.filter((i) => i.skipped === undefined);
  const failed = read.filter((i) => i.failed).length;
  const cards = [
    `<div class="card"><span class="n">${formatCount(findings.length)}</span>findings</div>`,
    `<div class="card"><span class="n">${formatCount(report.summary.records)}</span>records scanned</div>`,
    `<div class="card"><span class="n">${formatCount(read.length)}</span>inputs${failed ? ` (${failed} not read)` : ''}</div>`,
    ...countByStatus(findings).map(
      ([status, n]) =>
        `<div class="card st-${status}"><span class="n">${formatCount(n)}</span>${status}</div>`,
    ),
  ];
  const errors = collectErrors(report).length;
  if (errors > 0)
    cards.push(
      `<div class="card st-prohibited"><span class="n">${formatCount(errors)}</span>read errors</div>`,
    );
  return `<section class="cards" aria-label="Summary">${cards.join('')}</section>`;
}

/** A cited source as a link when the report knows an http(s) address for it, else its id. */
function renderSource(id: string, lookup: SourceLookup): string {
  const source = lookup(id);
  const url = safeHttpUrl(source?.url);
  if (!source || !url) return `<code>${e(id)}</code>`;
  return `<a href="${e(url)}" rel="noopener noreferrer" title="${e(source.title)}">${e(id)}</a>`;
}

function renderSources(ids: readonly string[] | undefined, lookup: SourceLookup): string {
  if (!ids?.length) return '';
  return ` <span class="muted">sources: ${ids.map((id) => renderSource(id, lookup)).join(', ')}</span>`;
}

function renderEvidence(f: Finding, lookup: SourceLookup): string {
  const o = f.observation;
  const rows: [string, string][] = [
    [
      'Origin',
      `<code>${e(o.origin.source)}</code> (${e(o.origin.format)}) at <code>${e(o.origin.locator)}</code>`,
    ],
  ];
  if (o.origin.collector) rows.push(['Collector', e(o.origin.collector)]);
  const others = describeOtherSightings(f);
  if (others.length) rows.push(['Also seen', others.map((s) => e(s)).join('<br>')]);
  rows.push([
    'Observed',
    `${e(o.kind)}${o.name ? ` <code>${e(o.name)}</code>` : ''}${o.publisher ? ` by ${e(o.publisher)}` : ''}`,
  ]);
  if (o.path) rows.push(['Path', `<code>${e(o.path)}</code>`]);
  if (o.carrier) rows.push(['Carried by', e(o.carrier)]);
  if (o.sha256) rows.push(['SHA-256', `<code>${e(o.sha256)}</code>`]);
  const corroborated = (f.match.corroboratedBy ?? []).map((c) => `${e(c.on)} <code>${e(c.value)}</code>`);
  rows.push([
    'Matched',
    `${e(f.match.on)} <code>${e(f.match.value)}</code> against catalog <code>${e(f.match.pattern)}</code>, confidence ${f.match.confidence}` +
      (corroborated.length ? `; corroborated by ${corroborated.join(', ')}` : '') +
      (f.match.explanation ? `; ${e(f.match.explanation)}` : '') +
      renderSources(f.match.sources, lookup),
  ]);
  if (f.product.integration) {
    rows.push([
      'Integration',
      `${e(f.product.integration.component)} inside ${e(f.product.integration.carrier)}`,
    ]);
  }
  for (const [key, value] of Object.entries(o.attributes ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    rows.push([e(key), e(value)]);
  }
  const reasons = f.reasons.map((r) => `<li>${e(r)}</li>`).join('');
  const determinations = f.determinations
    .map((d) => {
      const phase = [d.phase, d.since && `since ${d.since}`].filter(Boolean).join(', ');
      return (
        `<li><strong>${e(d.title)}</strong> (<code>${e(d.id)}</code>${phase ? `, ${e(phase)}` : ''}): ${e(d.status)}. ` +
        `${e(d.effect)} <cite>${e(d.citation)}</cite>${renderSources(d.sources, lookup)}</li>`
      );
    })
    .join('');
  const dl = rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('');
  const waiver = f.waiver
    ? `<p><strong>Waiver</strong> <code>${e(f.waiver.id)}</code>: ${e(f.waiver.reason)}; approved by ${e(f.waiver.approvedBy)}, expires ${e(f.waiver.expires)}.</p>`
    : '';
  return (
    `<details><summary>Evidence, reasons and remediation</summary><dl>${dl}</dl>` +
    (reasons ? `<p><strong>Why</strong></p><ol>${reasons}</ol>` : '') +
    (determinations ? `<p><strong>Determinations</strong></p><ul>${determinations}</ul>` : '') +
    `<p><strong>Remediation</strong>: ${e(f.remediation)}</p>${waiver}</details>`
  );
}

const HEADERS = ['Status', 'Severity', 'Product', 'Host', 'Matched on', 'Version', 'Where'];

function renderRow(f: Finding, index: number, lookup: SourceLookup): string {
  const o = f.observation;
  const deadline = describeDeadline(f);
  const cells = [
    `<td data-sort="${STATUSES.indexOf(f.status)}"><span class="badge st-${f.status}">${f.status}</span>${deadline ? `<br><small>${e(deadline)}</small>` : ''}</td>`,
    `<td data-sort="${Object.keys(SEVERITY_COLORS).indexOf(f.severity)}"><span class="badge sv-${f.severity}">${f.severity}</span></td>`,
    `<td>${e(f.product.name)}<br><small class="muted">${e(f.product.id)}</small></td>`,
    `<td>${e(o.host ?? '')}</td>`,
    `<td><code>${e(describeMatch(f))}</code></td>`,
    `<td>${e(o.version ?? '')}</td>`,
    `<td><code>${e(o.origin.source)}</code> <code>${e(o.origin.locator)}</code></td>`,
  ];
  return (
    `<tbody class="finding" id="finding-${index + 1}" data-status="${f.status}"><tr>${cells.join('')}</tr>` +
    `<tr class="detail"><td colspan="${HEADERS.length}">${renderEvidence(f, lookup)}</td></tr></tbody>`
  );
}

function renderFindings(report: Readonly<Report>, findings: Finding[]): string {
  if (findings.length === 0) {
    const inputs = report.inputs
      .filter((i) => i.skipped === undefined)
      .map((i) => `<li><code>${e(i.source)}</code> (${e(i.format)}, ${pluralize(i.records, 'record')})</li>`);
    return `<h2>Findings</h2><p class="empty">No findings. Scanned ${pluralize(report.summary.records, 'record')}:</p><ul>${inputs.join('')}</ul>`;
  }
  const lookup = sourceIndex(report);
  const options = countByStatus(findings).map(([s, n]) => `<option value="${s}">${s} (${n})</option>`);
  const headers = HEADERS.map(
    (h, i) => `<th scope="col" data-col="${i}"><button type="button">${h}</button></th>`,
  );
  return (
    `<h2>Findings</h2><div class="controls">` +
    `<label>Filter <input id="filter" type="search" placeholder="product, host, file…"></label>` +
    `<label>Status <select id="status-filter"><option value="">all</option>${options.join('')}</select></label>` +
    `<span id="shown" class="muted" aria-live="polite"></span></div>` +
    `<table id="findings-table"><thead><tr>${headers.join('')}</tr></thead>${findings.map((f, i) => renderRow(f, i, lookup)).join('')}</table>`
  );
}

function renderErrors(report: Readonly<Report>): string {
  const errors = collectErrors(report);
  const failed = report.inputs.filter((i) => i.failed);
  if (errors.length === 0 && failed.length === 0) return '';
  const rows = errors.map(
    (x) =>
      `<tr><td><code>${e(x.source)}</code></td><td><code>${e(x.locator)}</code></td><td>${e(x.message)}</td></tr>`,
  );
  const notRead = failed.length
    ? `<p>Not read at all: ${failed.map((i) => `<code>${e(i.source)}</code>`).join(', ')}.</p>`
    : '';
  return (
    `<section id="errors"><h2>Read errors (${formatCount(errors.length)})</h2>${notRead}` +
    `<table><thead><tr><th>Source</th><th>Where</th><th>Problem</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
  );
}

function renderSkippedAndNotes(report: Readonly<Report>): string {
  const skipped = listSkipped(report);
  const notes = collectNotes(report);
  const parts: string[] = [];
  if (skipped.length > 0) {
    const items = skipped.map((i) => `<li><code>${e(i.source)}</code>: ${e(i.skipped)}</li>`).join('');
    parts.push(
      `<section id="skipped"><h2>Skipped (${formatCount(skipped.length)})</h2>` +
        `<details><summary>Files met but not read</summary><ul>${items}</ul></details></section>`,
    );
  }
  if (notes.length > 0) {
    const items = notes.map(
      (n) =>
        `<li><code>${e(n.source)}</code>${n.locator ? ` <code>${e(n.locator)}</code>` : ''}: ${e(n.message)}</li>`,
    );
    parts.push(`<section id="notes"><h2>Notes</h2><ul>${items.join('')}</ul></section>`);
  }
  return parts.join('');
}

function renderWaivers(report: Readonly<Report>): string {
  const notes = listWaiverNotes(report);
  if (notes.length === 0) return '';
  return `<section id="waivers"><h2>Waivers</h2><ul>${notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul></section>`;
}

/** One self-contained HTML page: no network, no external script, style or font. */
export function toHtml(report: Readonly<Report>): string {
  const findings = sortFindings(report.findings);
  const { tool } = report;
  const charts =
    findings.length === 0
      ? ''
      : `<section class="charts" aria-label="Charts"><figure><figcaption>By status</figcaption>${renderStatusBars(countByStatus(findings))}</figure>` +
        `<figure><figcaption>By severity</figcaption>${renderSeverityDonut(countBySeverity(findings))}</figure></section>`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="color-scheme" content="light dark">',
    `<title>interdict report, as of ${e(report.asOf)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header><h1>interdict scan report</h1>',
    `<p class="meta">As of <strong>${e(report.asOf)}</strong>, profile <strong>${e(report.profile)}</strong>; interdict ${e(tool.version)}, data ${e(tool.data)}.</p></header>`,
    renderCards(report, findings),
    charts,
    `<section id="findings">${renderFindings(report, findings)}</section>`,
    renderErrors(report),
    renderSkippedAndNotes(report),
    renderWaivers(report),
    `<script>${HTML_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}

export const htmlReporter: Reporter = {
  name: 'html',
  render(report, sink) {
    sink.write(toHtml(report));
  },
};
