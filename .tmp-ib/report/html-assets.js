// Inline CSS and JS for the self-contained HTML report: no fonts, no network, no libraries.
export const STATUS_COLORS = {
    prohibited: '#b91c1c',
    unsupported: '#dc2626',
    'blocked-transaction': '#c2410c',
    upcoming: '#ca8a04',
    review: '#7c3aed',
    exempt: '#0f766e',
    waived: '#64748b',
};
export const SEVERITY_COLORS = {
    critical: '#991b1b',
    high: '#dc2626',
    medium: '#d97706',
    low: '#2563eb',
    info: '#64748b',
};
export const HTML_CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #111827; --muted: #6b7280; --line: #e5e7eb;
  --card: #f9fafb; --accent: #1d4ed8; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0f172a; --fg: #e5e7eb; --muted: #9ca3af; --line: #334155; --card: #1e293b; --accent: #93c5fd; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1280px; padding: 1.5rem; background: var(--bg); color: var(--fg); line-height: 1.45; }
h1 { margin: 0 0 .25rem; font-size: 1.6rem; }
h2 { margin: 2rem 0 .75rem; font-size: 1.2rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
.meta, .muted { color: var(--muted); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; overflow-wrap: anywhere; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: .75rem; margin: 1rem 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; border-left-width: 6px; }
.card .n { font-size: 1.8rem; font-weight: 700; display: block; }
.charts { display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-start; }
.charts figure { margin: 0; }
.charts figcaption { font-weight: 600; margin-bottom: .5rem; }
svg text { fill: var(--fg); font-size: 12px; }
.controls { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin-bottom: .75rem; }
.controls input, .controls select { font: inherit; padding: .3rem .5rem; background: var(--bg); color: var(--fg);
  border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line); }
th { position: sticky; top: 0; background: var(--card); }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button::after { content: " \\2195"; color: var(--muted); }
th[aria-sort="ascending"] button::after { content: " \\2191"; }
th[aria-sort="descending"] button::after { content: " \\2193"; }
tbody.finding > tr.detail > td { border-bottom: 2px solid var(--line); padding-top: 0; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 999px; color: #fff; font-size: .85em; white-space: nowrap; }
details summary { cursor: pointer; color: var(--accent); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0; }
dt { font-weight: 600; }
dd { margin: 0; }
ol, ul { margin: .25rem 0; padding-left: 1.4rem; }
.empty { padding: 1rem; background: var(--card); border-radius: 8px; }
@media print {
  :root { --bg: #fff; --fg: #000; --card: #fff; --line: #999; --muted: #444; }
  body { max-width: none; padding: 0; }
  .controls, details > summary { display: none; }
  th { position: static; }
  tbody.finding { break-inside: avoid; }
  .badge { color: #000; border: 1px solid #000; background: none !important; }
}
`;
// Sorting moves whole <tbody> elements (a finding row and its detail row stay together).
export const HTML_SCRIPT = `
(function () {
  var table = document.getElementById('findings-table');
  if (!table) return;
  var bodies = Array.prototype.slice.call(table.querySelectorAll('tbody.finding'));
  var filter = document.getElementById('filter');
  var statusFilter = document.getElementById('status-filter');
  var shown = document.getElementById('shown');
  function apply() {
    var q = filter.value.trim().toLowerCase();
    var s = statusFilter.value;
    var n = 0;
    bodies.forEach(function (b) {
      var ok = (!s || b.dataset.status === s) && (!q || b.textContent.toLowerCase().indexOf(q) !== -1);
      b.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + ' of ' + bodies.length + ' shown';
  }
  filter.addEventListener('input', apply);
  statusFilter.addEventListener('change', apply);
  var headers = Array.prototype.slice.call(table.querySelectorAll('th[data-col]'));
  headers.forEach(function (th) {
    th.querySelector('button').addEventListener('click', function () {
      var col = Number(th.dataset.col);
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      var key = function (b) { var c = b.rows[0].cells[col]; return c.dataset.sort || c.textContent; };
      bodies.sort(function (a, b) {
        return dir * key(a).localeCompare(key(b), 'en', { numeric: true });
      });
      bodies.forEach(function (b) { table.appendChild(b); });
    });
  });
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });
  apply();
})();
`;
