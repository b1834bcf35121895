import { compareVersions } from '../core/compare-versions.js';
/**
 * Version ranges for waiver scopes: space-separated comparators that must all hold
 * (">=11 <12.1"), a wildcard ("12.*"), or an exact version ("12.0.0.467").
 */
export function satisfiesRange(version: string, range: string): boolean {
  const parts = range.trim().split(/\s+/).filter(Boolean);
  return parts.length > 0 && parts.every((part) => satisfiesOne(version, part));
}

function satisfiesOne(version: string, part: string): boolean {
  const m = /^(>=|<=|>|<|=)?(.+)$/.exec(part)!;
  const op = m[1] ?? '=';
  const target = m[2]!;
  if (target.endsWith('*')) {
    const prefix = target.slice(0, -1);
    return op === '=' && (version === prefix.replace(/\.$/, '') || version.startsWith(prefix));
  }
  const c = compareVersions(version, target);
  switch (op) {
    case '>=':
      return c >= 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '<':
      return c < 0;
    default:
      return c === 0;
  }
}
