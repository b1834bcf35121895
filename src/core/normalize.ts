import { LEGAL_FORMS as ALL_LEGAL_FORMS } from './legal-forms.js';

/**
 * Normalisers shared by the catalog compiler and the matcher: both sides of a comparison go
 * through the same function, so a catalog entry and an inventory record meet in one form.
 */

const MARKS = /[\u00ae\u2122\u00a9]/g; // ® ™ ©
const PUNCT = /[^\p{L}\p{N}]+/gu;
const VERSION_TOKEN = /^(v?\d+([._-]\d+)*[a-z]?|\d+(st|nd|rd|th)?)$/;
const ARCH_TOKENS = new Set([
  'x64',
  'x86',
  'x86_64',
  'amd64',
  'arm64',
  'win64',
  'win32',
  '32bit',
  '64bit',
  'bit',
]);
const LANGUAGE_TAG = /^[a-z]{2}([-_][a-z]{2})?$/;

/** Case, width, punctuation and trademark signs folded; words kept in order. */
function foldText(value: string): string {
  return value
    .normalize('NFKC')
    .toLowerCase()
    .replace(MARKS, ' ')
    .replace(PUNCT, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/**
 * A display name without what varies between installs of one product: version numbers,
 * years, architecture, a trailing language tag in parentheses.
 */
export function normalizeName(value: string): string {
  const withoutParens = value
    .normalize('NFKC')
    .replace(/\(([^)]*)\)/g, (_m, inner: string) => (isNoiseGroup(inner) ? ' ' : ` ${inner} `));
  const tokens = foldText(withoutParens)
    .split(' ')
    .filter((t) => t && !VERSION_TOKEN.test(t) && !ARCH_TOKENS.has(t) && !isYear(t));
  return tokens.join(' ');
}

function isNoiseGroup(inner: string): boolean {
  const folded = foldText(inner);
  if (!folded) return true;
  return folded
    .split(' ')
    .every((t) => VERSION_TOKEN.test(t) || ARCH_TOKENS.has(t) || LANGUAGE_TAG.test(t) || t === 'version');
}

function isYear(token: string): boolean {
  return /^(19|20)\d\d$/.test(token);
}

// Legal forms come from the screening table (the one list), Cyrillic ones as written in Cyrillic
// too, longest first so "joint stock company" goes before "company".
const LEGAL_FORM_PATTERN = new RegExp(
  `(?<=^| )(?:${[...ALL_LEGAL_FORMS, 'ао', 'зао', 'оао', 'пао', 'ооо']
    .sort((a, b) => b.length - a.length)
    .map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})(?= |$)`,
  'gu',
);

/** A publisher or company name without its legal form ("AO Kaspersky Lab" → "kaspersky lab"). */
export function normalizeCompany(value: string): string {
  const folded = foldText(value.replace(/[«»"“”„]/g, ' '));
  const kept = folded.replace(LEGAL_FORM_PATTERN, ' ').trim().replace(/\s+/g, ' ');
  return kept || folded;
}

/** Case-folded identifier: package ids, bundle ids, service names, product codes without braces. */
export function normalizeId(value: string): string {
  return value
    .trim()
    .replace(/^\{(.*)\}$/, '$1')
    .toLowerCase();
}

/** A host name from a domain, URL or query: lower case, no scheme, port, path or trailing dot. */
export function normalizeDomain(value: string): string {
  let v = value.trim().toLowerCase();
  v = v.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  v = v
    .replace(/[/?#].*$/, '')
    .replace(/:\d+$/, '')
    .replace(/\.$/, '');
  return v.replace(/^\*\./, '');
}

/** A file path folded for comparison: forward slashes, lower case. */
export function normalizePath(value: string): string {
  return value.trim().replace(/\\/g, '/').replace(/\/+/g, '/').toLowerCase();
}

/** The last component of a path, lower case. */
export function baseName(value: string): string {
  const p = normalizePath(value);
  return p.slice(p.lastIndexOf('/') + 1);
}
