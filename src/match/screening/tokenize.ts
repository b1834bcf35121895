import { CJK_LEGAL_FORMS, LEGAL_FORMS } from '../../core/legal-forms.js';
import { toSkeleton } from './skeleton.js';
import { hasCyrillic, transliterate, type TranslitScheme } from './transliterate.js';
import { WEAK_WORD_GROUPS } from './vocabulary.js';

export interface Token {
  /** The word as written, case and marks folded, Cyrillic romanised ("kasperskiy"). */
  surface: string;
  /** The comparison key: romanised, spelling-folded, synonyms merged ("kaspersky", "lab"). */
  key: string;
  /** A generic word ("lab", "group", a country): supports a match, never makes a candidate. */
  weak: boolean;
}

export interface TokenizedName {
  tokens: Token[];
  /** Legal forms that were dropped, as written ("ao", "gmbh"). */
  legalForms: string[];
  /** The same, as comparison keys ("ao", "inc"), to prefer an alias with the same legal form. */
  legalFormKeys: string[];
}

/** Latin letters with diacritics that romanisation schemes use, spelled out before marks are dropped. */
const DIACRITICS: Record<string, string> = {
  š: 'sh',
  č: 'ch',
  ž: 'zh',
  ŝ: 'shch',
  ë: 'e',
  è: 'e',
  â: 'ya',
  û: 'yu',
  ê: 'ye',
  ï: 'yi',
  ß: 'ss',
  æ: 'ae',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  þ: 'th',
  œ: 'oe',
  ı: 'i',
};
const DIACRITIC_RE = new RegExp(`[${Object.keys(DIACRITICS).join('')}]`, 'gu');
/** Cyrillic letters that look like Latin ones, for words that mix both scripts ("Kаspersky" with a Cyrillic а). */
const CONFUSABLES: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  к: 'k',
  м: 'm',
  т: 't',
  в: 'b',
  н: 'h',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ӏ: 'l',
};
const APOSTROPHES = /['’`ʹʺʼ´]/gu;
const SEPARATORS = /[^\p{L}\p{N}]+/u;
const LATIN = /[a-z]/;

function foldWord(word: string, scheme: TranslitScheme): string {
  if (!hasCyrillic(word)) return word;
  if (LATIN.test(word)) return [...word].map((c) => CONFUSABLES[c] ?? c).join('');
  return foldText(transliterate(word, scheme));
}

/** Case, width, apostrophes and diacritics folded (NFKC then NFKD without marks). */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(DIACRITIC_RE, (c) => DIACRITICS[c]!)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');
}

interface WordTables {
  synonym: Map<string, string>;
  weak: Set<string>;
  /** Legal-form phrases as key sequences, longest first, indexed by their first key. */
  legalPhrases: Map<string, string[][]>;
}

// Built on the first name tokenised, not at import: a software scan loads this module and never
// screens a name, and start-up is most of a small scan.
let wordTables: WordTables | undefined;

function tables(): WordTables {
  if (wordTables) return wordTables;
  const synonym = new Map<string, string>();
  const weak = new Set<string>();
  for (const group of WEAK_WORD_GROUPS) {
    const canonical = toSkeleton(foldWord(foldText(group[0]!), 'bgn-pcgn'));
    weak.add(canonical);
    for (const word of group) synonym.set(toSkeleton(foldWord(foldText(word), 'bgn-pcgn')), canonical);
  }
  const legalPhrases = new Map<string, string[][]>();
  wordTables = { synonym, weak, legalPhrases };
  for (const phrase of new Set(LEGAL_FORMS)) {
    const keys = foldText(phrase)
      .split(SEPARATORS)
      .filter(Boolean)
      .map((w) => keyOf(foldWord(w, 'bgn-pcgn')));
    const list = legalPhrases.get(keys[0]!) ?? [];
    list.push(keys);
    legalPhrases.set(keys[0]!, list);
  }
  for (const list of legalPhrases.values()) list.sort((a, b) => b.length - a.length);
  return wordTables;
}

function keyOf(latin: string): string {
  const skeleton = toSkeleton(latin);
  return tables().synonym.get(skeleton) ?? skeleton;
}

const TOKEN_CACHE_LIMIT = 200_000;
const tokenCache = new Map<string, Token>();

function toToken(word: string, scheme: TranslitScheme): Token {
  const cacheable = scheme === 'bgn-pcgn';
  if (cacheable) {
    const hit = tokenCache.get(word);
    if (hit) return hit;
  }
  const surface = foldWord(word, scheme);
  const key = keyOf(surface);
  const token = { surface, key, weak: tables().weak.has(key) };
  if (cacheable) {
    if (tokenCache.size >= TOKEN_CACHE_LIMIT) tokenCache.clear();
    tokenCache.set(word, token);
  }
  return token;
}

/**
 * Splits a company or person name into comparison tokens: case, punctuation and diacritics
 * folded, camelCase split, Cyrillic romanised by `scheme`, spelling variants folded, generic
 * words marked weak and legal forms in any of the table's languages dropped (unless nothing
 * else is left).
 * @example tokenizeName('АО «Лаборатория Касперского»').tokens.map((t) => t.key) // ['lab', 'kasperskogo']
 */
export function tokenizeName(raw: string, scheme: TranslitScheme = 'bgn-pcgn'): TokenizedName {
  return withoutLegalForms(tokenizeWords(raw, scheme));
}

/** A name's tokens (see `tokenizeWords`) less its legal forms, unless nothing else is left. */
export function withoutLegalForms(all: readonly Token[]): TokenizedName {
  const keep: Token[] = [];
  const legalForms: string[] = [];
  const legalFormKeys: string[] = [];
  for (let i = 0; i < all.length;) {
    const length = legalFormAt(all, i);
    if (length) {
      const span = all.slice(i, i + length);
      legalForms.push(span.map((t) => t.surface).join(' '));
      legalFormKeys.push(span.map((t) => t.key).join(' '));
      i += length;
    } else keep.push(all[i++]!);
  }
  return keep.length
    ? { tokens: keep, legalForms, legalFormKeys }
    : { tokens: [...all], legalForms: [], legalFormKeys: [] };
}

function legalFormAt(tokens: readonly Token[], at: number): number {
  for (const phrase of tables().legalPhrases.get(tokens[at]!.key) ?? []) {
    if (phrase.length > tokens.length - at) continue;
    if (phrase.every((k, j) => tokens[at + j]!.key === k)) return phrase.length;
  }
  return 0;
}

/**
 * The words of a plain-ASCII name, lower-cased: split at anything but letters and digits and
 * between camelCase parts ("KasperskyLab" → "kaspersky", "lab"); apostrophes join ("O'Neil" →
 * "oneil"). Undefined when the name has any other character: it needs full Unicode folding.
 * One pass over the characters, since most rows of a vendor master end right here.
 */
export function asciiWords(raw: string): string[] | undefined {
  const lower = raw.toLowerCase();
  const words: string[] = [];
  // A word with apostrophes is collected in parts; most words have none and are one slice.
  let parts = '';
  let start = -1;
  for (let i = 0; i <= raw.length; i++) {
    const c = i < raw.length ? raw.charCodeAt(i) : 0x20;
    if (isDigit(c) || isLower(c) || isUpper(c)) {
      if (start < 0) start = i;
      else if (isUpper(c) && isLower(raw.charCodeAt(i - 1)) && isLower(raw.charCodeAt(i + 1))) {
        words.push(parts + lower.slice(start, i));
        parts = '';
        start = i;
      }
      continue;
    }
    if (c < 0x20 || c > 0x7e) return undefined;
    if (start >= 0) {
      if (c === 0x27 || c === 0x60) parts += lower.slice(start, i);
      else words.push(parts + lower.slice(start, i));
      start = -1;
    } else if (parts && c !== 0x27 && c !== 0x60) {
      words.push(parts);
    }
    if (c !== 0x27 && c !== 0x60) parts = '';
  }
  return words;
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isLower = (c: number) => c >= 0x61 && c <= 0x7a;

/** The token of one word as `asciiWords` or `tokenizeWords` split it. */
export function wordToken(word: string): Token {
  return toToken(word, 'bgn-pcgn');
}

/**
 * The tokens of a name before legal forms are dropped: enough to find candidates, which is all
 * most rows of a vendor master need.
 */
export function tokenizeWords(raw: string, scheme: TranslitScheme = 'bgn-pcgn'): Token[] {
  const words =
    asciiWords(raw) ??
    foldText(raw.replace(CJK_LEGAL_FORMS, ' ').replace(/(\p{Ll})(?=\p{Lu}\p{Ll})/gu, '$1 ')).split(
      SEPARATORS,
    );
  const out: Token[] = [];
  for (const word of words) if (word) out.push(toToken(word, scheme));
  return out;
}
