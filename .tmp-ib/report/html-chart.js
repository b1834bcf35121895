import { SEVERITY_COLORS, STATUS_COLORS } from './html-assets.js';
// Charts as inline SVG: labels are status and severity names from our own lists, never input data.
const round = (n) => Number(n.toFixed(2));
/** Horizontal bars, one per status with findings. */
export function renderStatusBars(counts) {
    const rowHeight = 26;
    const labelWidth = 150;
    const barMax = 200;
    const height = Math.max(1, counts.length) * rowHeight + 4;
    const max = Math.max(1, ...counts.map(([, n]) => n));
    const rows = counts.map(([status, n], i) => {
        const y = i * rowHeight + 4;
        const width = round(Math.max(2, (n / max) * barMax));
        return (`<g><title>${status}: ${n}</title>` +
            `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${status}</text>` +
            `<rect x="${labelWidth}" y="${y}" width="${width}" height="${rowHeight - 8}" rx="3" fill="${STATUS_COLORS[status]}"/>` +
            `<text x="${round(labelWidth + width + 6)}" y="${y + 15}">${n}</text></g>`);
    });
    return (`<svg role="img" aria-labelledby="status-chart-title" width="${labelWidth + barMax + 50}" height="${height}" ` +
        `viewBox="0 0 ${labelWidth + barMax + 50} ${height}">` +
        `<title id="status-chart-title">Findings by status</title>${rows.join('')}</svg>`);
}
/** A donut of findings by severity, with its legend. */
export function renderSeverityDonut(counts) {
    const radius = 40;
    const circumference = 2 * Math.PI * radius;
    const total = counts.reduce((sum, [, n]) => sum + n, 0);
    let offset = 0;
    const arcs = counts.map(([severity, n]) => {
        const length = total === 0 ? 0 : (n / total) * circumference;
        // Start at twelve o'clock and go clockwise: rotate the circle by -90 degrees.
        const arc = `<circle cx="60" cy="60" r="${radius}" fill="none" stroke="${SEVERITY_COLORS[severity]}" stroke-width="18" ` +
            `stroke-dasharray="${round(length)} ${round(circumference - length)}" stroke-dashoffset="${round(-offset)}" ` +
            `transform="rotate(-90 60 60)"><title>${severity}: ${n}</title></circle>`;
        offset += length;
        return arc;
    });
    const legend = counts.map(([severity, n], i) => `<rect x="124" y="${14 + i * 20}" width="12" height="12" fill="${SEVERITY_COLORS[severity]}"/>` +
        `<text x="142" y="${24 + i * 20}">${severity}: ${n}</text>`);
    return (`<svg role="img" aria-labelledby="severity-chart-title" width="240" height="120" viewBox="0 0 240 120">` +
        `<title id="severity-chart-title">Findings by severity</title>` +
        `${arcs.join('')}<text x="60" y="65" text-anchor="middle" font-weight="700">${total}</text>${legend.join('')}</svg>`);
}
