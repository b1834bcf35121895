/**
 * Cyrillic → Latin romanisation schemes as they appear on lists, contracts and passports. A
 * name reaches a vendor master in any of them, so the screening index holds every rendering of a
 * Cyrillic alias and the query side only needs one.
 */
export const TRANSLIT_SCHEMES = [
  'bgn-pcgn',
  'gost-7.79-b',
  'iso-9',
  'scientific',
  'icao-9303',
  'informal',
] as const;
export type TranslitScheme = (typeof TRANSLIT_SCHEMES)[number];

/** Letters that every scheme renders alike (Russian alphabet plus Ukrainian/Belarusian extras). */
const COMMON: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  з: 'z',
  и: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  і: 'i',
  ґ: 'g',
  ў: 'u',
};

/** Per scheme, the letters where the schemes differ. `ъ`/`ь` map to '' where a scheme drops them. */
const SCHEME: Record<TranslitScheme, Record<string, string>> = {
  // BGN/PCGN 1947 (used by U.S. and U.K. government lists, OFAC included).
  'bgn-pcgn': {
    е: 'e',
    ё: 'ë',
    ж: 'zh',
    й: 'y',
    х: 'kh',
    ц: 'ts',
    ч: 'ch',
    ш: 'sh',
    щ: 'shch',
    ъ: '',
    ы: 'y',
    ь: '',
    э: 'e',
    ю: 'yu',
    я: 'ya',
    ї: 'yi',
    є: 'ye',
  },
  // GOST 7.79-2000 system B (Russian official ASCII romanisation).
  'gost-7.79-b': {
    е: 'e',
    ё: 'yo',
    ж: 'zh',
    й: 'j',
    х: 'x',
    ц: 'cz',
    ч: 'ch',
    ш: 'sh',
    щ: 'shh',
    ъ: '',
    ы: "y'",
    ь: '',
    э: "e'",
    ю: 'yu',
    я: 'ya',
    ї: 'yi',
    є: 'ye',
  },
  // ISO 9:1995 (one letter per letter, with diacritics).
  'iso-9': {
    е: 'e',
    ё: 'ë',
    ж: 'ž',
    й: 'j',
    х: 'h',
    ц: 'c',
    ч: 'č',
    ш: 'š',
    щ: 'ŝ',
    ъ: 'ʺ',
    ы: 'y',
    ь: 'ʹ',
    э: 'è',
    ю: 'û',
    я: 'â',
    ї: 'ï',
    є: 'ê',
  },
  // Scientific transliteration (linguistics, library catalogues).
  scientific: {
    е: 'e',
    ё: 'ë',
    ж: 'ž',
    й: 'j',
    х: 'x',
    ц: 'c',
    ч: 'č',
    ш: 'š',
    щ: 'šč',
    ъ: 'ʺ',
    ы: 'y',
    ь: 'ʹ',
    э: 'è',
    ю: 'ju',
    я: 'ja',
    ї: 'ji',
    є: 'je',
  },
  // ICAO Doc 9303 (Russian passports since 2013).
  'icao-9303': {
    е: 'e',
    ё: 'e',
    ж: 'zh',
    й: 'i',
    х: 'kh',
    ц: 'ts',
    ч: 'ch',
    ш: 'sh',
    щ: 'shch',
    ъ: 'ie',
    ы: 'y',
    ь: '',
    э: 'e',
    ю: 'iu',
    я: 'ia',
    ї: 'i',
    є: 'ie',
  },
  // English-press usage: BGN letters, "-ий"/"-ый" as "-y" ("Kaspersky", "Yevgeny").
  informal: {
    е: 'e',
    ё: 'yo',
    ж: 'zh',
    й: 'y',
    х: 'kh',
    ц: 'ts',
    ч: 'ch',
    ш: 'sh',
    щ: 'shch',
    ъ: '',
    ы: 'y',
    ь: '',
    э: 'e',
    ю: 'yu',
    я: 'ya',
    ї: 'yi',
    є: 'ye',
  },
};

const CYRILLIC = /[\u0400-\u04ff]/u;
const VOWELS = new Set(['а', 'е', 'ё', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я', 'ъ', 'ь', 'і', 'ї', 'є']);

/** True when the text has at least one Cyrillic letter. */
export function hasCyrillic(text: string): boolean {
  return CYRILLIC.test(text);
}

/**
 * Romanises the Cyrillic letters of `text` by `scheme`; other characters pass through.
 * @example transliterate('Лаборатория Касперского', 'bgn-pcgn') // 'Laboratoriya Kasperskogo'
 */
export function transliterate(text: string, scheme: TranslitScheme): string {
  if (!hasCyrillic(text)) return text;
  const table = SCHEME[scheme];
  const chars = [...text];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const lower = ch.toLowerCase();
    let latin = rendering(chars, i, lower, scheme, table);
    if (latin === undefined) {
      out += ch;
      continue;
    }
    if (ch !== lower && latin)
      latin = isUpperWord(chars, i) ? latin.toUpperCase() : latin[0]!.toUpperCase() + latin.slice(1);
    out += latin;
  }
  return out;
}

function rendering(
  chars: string[],
  i: number,
  lower: string,
  scheme: TranslitScheme,
  table: Record<string, string>,
): string | undefined {
  const prev = i > 0 ? chars[i - 1]!.toLowerCase() : '';
  const next = i + 1 < chars.length ? chars[i + 1]!.toLowerCase() : '';
  const wordStart = !prev || !CYRILLIC.test(prev);
  // BGN and press usage write "ye"/"yë" at the start of a word and after a vowel or a sign.
  if ((scheme === 'bgn-pcgn' || scheme === 'informal') && (lower === 'е' || lower === 'ё')) {
    if (wordStart || VOWELS.has(prev)) return lower === 'е' ? 'ye' : scheme === 'informal' ? 'yo' : 'yë';
  }
  // GOST 7.79 B writes ц as "c" before и, е, ы, й and "cz" elsewhere.
  if (scheme === 'gost-7.79-b' && lower === 'ц') return 'иеый'.includes(next || '-') ? 'c' : 'cz';
  if (scheme === 'informal' && (lower === 'и' || lower === 'ы') && next === 'й' && isWordEnd(chars, i + 1))
    return 'y';
  if (scheme === 'informal' && lower === 'й' && (prev === 'и' || prev === 'ы') && isWordEnd(chars, i))
    return '';
  return table[lower] ?? COMMON[lower];
}

function isWordEnd(chars: string[], i: number): boolean {
  const after = chars[i + 1];
  return after === undefined || !CYRILLIC.test(after);
}

function isUpperWord(chars: string[], i: number): boolean {
  const neighbour = chars[i + 1] ?? chars[i - 1] ?? '';
  return (
    CYRILLIC.test(neighbour) && neighbour === neighbour.toUpperCase() && neighbour !== neighbour.toLowerCase()
  );
}
