import { CJK_LEGAL_FORMS, LEGAL_FORMS } from './legal-forms.js';
import { toSkeleton } from './skeleton.js';
import { hasCyrillic, transliterate } from './transliterate.js';
import { WEAK_WORD_GROUPS } from './vocabulary.js';
/** Latin letters with diacritics that romanisation schemes use, spelled out before marks are dropped. */
const DIACRITICS = {
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
const CONFUSABLES = {
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
function foldWord(word, scheme) {
    if (!hasCyrillic(word))
        return word;
    if (LATIN.test(word))
        return [...word].map((c) => CONFUSABLES[c] ?? c).join('');
    return foldText(transliterate(word, scheme));
}
/** Case, width, apostrophes and diacritics folded (NFKC then NFKD without marks). */
export function foldText(text) {
    return text
        .normalize('NFKC')
        .toLowerCase()
        .replace(APOSTROPHES, '')
        .replace(DIACRITIC_RE, (c) => DIACRITICS[c])
        .normalize('NFKD')
        .replace(/\p{M}+/gu, '');
}
const SYNONYM = new Map();
const WEAK = new Set();
for (const group of WEAK_WORD_GROUPS) {
    const canonical = toSkeleton(foldWord(foldText(group[0]), 'bgn-pcgn'));
    WEAK.add(canonical);
    for (const word of group)
        SYNONYM.set(toSkeleton(foldWord(foldText(word), 'bgn-pcgn')), canonical);
}
function keyOf(latin) {
    const skeleton = toSkeleton(latin);
    return SYNONYM.get(skeleton) ?? skeleton;
}
/** Legal-form phrases as key sequences, longest first, indexed by their first key. */
const LEGAL_PHRASES = new Map();
for (const phrase of new Set(LEGAL_FORMS)) {
    const keys = foldText(phrase)
        .split(SEPARATORS)
        .filter(Boolean)
        .map((w) => keyOf(foldWord(w, 'bgn-pcgn')));
    const list = LEGAL_PHRASES.get(keys[0]) ?? [];
    list.push(keys);
    LEGAL_PHRASES.set(keys[0], list);
}
for (const list of LEGAL_PHRASES.values())
    list.sort((a, b) => b.length - a.length);
const TOKEN_CACHE_LIMIT = 200_000;
const tokenCache = new Map();
function toToken(word, scheme) {
    const cacheable = scheme === 'bgn-pcgn';
    if (cacheable) {
        const hit = tokenCache.get(word);
        if (hit)
            return hit;
    }
    const surface = foldWord(word, scheme);
    const key = keyOf(surface);
    const token = { surface, key, weak: WEAK.has(key) };
    if (cacheable) {
        if (tokenCache.size >= TOKEN_CACHE_LIMIT)
            tokenCache.clear();
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
export function tokenizeName(raw, scheme = 'bgn-pcgn') {
    const all = tokenizeWords(raw, scheme);
    const keep = [];
    const legalForms = [];
    const legalFormKeys = [];
    for (let i = 0; i < all.length;) {
        const length = legalFormAt(all, i);
        if (length) {
            const span = all.slice(i, i + length);
            legalForms.push(span.map((t) => t.surface).join(' '));
            legalFormKeys.push(span.map((t) => t.key).join(' '));
            i += length;
        }
        else
            keep.push(all[i++]);
    }
    return keep.length
        ? { tokens: keep, legalForms, legalFormKeys }
        : { tokens: all, legalForms: [], legalFormKeys: [] };
}
function legalFormAt(tokens, at) {
    for (const phrase of LEGAL_PHRASES.get(tokens[at].key) ?? []) {
        if (phrase.length > tokens.length - at)
            continue;
        if (phrase.every((k, j) => tokens[at + j].key === k))
            return phrase.length;
    }
    return 0;
}
const PLAIN_ASCII = /^[\x20-\x7e]*$/;
/**
 * The tokens of a name before legal forms are dropped: enough to find candidates, which is all
 * most rows of a vendor master need. Plain ASCII takes a shortcut with the same result.
 */
export function tokenizeWords(raw, scheme = 'bgn-pcgn') {
    const text = PLAIN_ASCII.test(raw)
        ? raw
            .replace(/([a-z])([A-Z][a-z])/g, '$1 $2')
            .toLowerCase()
            .replace(/['`]/g, '')
        : foldText(raw.replace(CJK_LEGAL_FORMS, ' ').replace(/(\p{Ll})(\p{Lu}\p{Ll})/gu, '$1 $2'));
    const out = [];
    for (const word of text.split(SEPARATORS))
        if (word)
            out.push(toToken(word, scheme));
    return out;
}
