/**
 * Words that occur in thousands of unrelated company names ("Lab", "Group", "Systems", country
 * names) or in front of people's names. They count as supporting tokens, never as the token that
 * makes a name a candidate, so "Rocket Lab" or "Sony Group" cannot reach a covered party through
 * "Lab" or "Group". Spellings of one word are grouped: the first of each group is the canonical form.
 */
export const WEAK_WORD_GROUPS: readonly (readonly string[])[] = [
  [
    'lab',
    'labs',
    'laboratory',
    'laboratories',
    'laboratoriya',
    'laboratoire',
    'laboratoires',
    'laboratorio',
    'labor',
    'лаборатория',
  ],
  ['group', 'groups', 'grupp', 'gruppa', 'groupe', 'gruppe', 'grupo', 'gruppo', 'группа', 'групп'],
  ['holding', 'holdings', 'холдинг'],
  ['international', 'intl', 'internacional', 'internationale', 'интернешнл'],
  ['tech', 'technology', 'technologies', 'technologie', 'tecnologia', 'технологии'],
  ['system', 'systems', 'systeme', 'sistemas', 'системы'],
  ['service', 'services', 'servicios', 'сервис'],
  ['solution', 'solutions'],
  ['software', 'soft', 'софт'],
  ['security', 'secure', 'sicherheit', 'securite', 'безопасность'],
  ['cyber', 'cybersecurity'],
  ['global'],
  ['worldwide'],
  ['network', 'networks'],
  ['data'],
  ['digital'],
  ['it'],
  ['partners'],
  ['enterprises'],
  ['industries'],
  ['trading'],
  ['consulting'],
  ['distribution'],
  ['products'],
  ['research'],
  ['development'],
  ['the'],
  ['of'],
  ['and'],
  ['und'],
  ['et'],
  ['de'],
  ['for'],
  ['by'],
  ['&'],
  // Countries, regions and capitals that companies add to a group name for a local subsidiary.
  ['russia', 'russian', 'rus', 'rossiya', 'россия', 'российская'],
  ['federation', 'федерация'],
  ['moscow', 'moskva', 'москва'],
  ['us', 'usa', 'america', 'americas', 'american'],
  ['uk', 'britain', 'british', 'england'],
  ['europe', 'european', 'emea'],
  ['asia', 'apac', 'pacific'],
  ['switzerland', 'schweiz', 'suisse', 'swiss'],
  ['germany', 'deutschland'],
  ['polska', 'poland'],
  ['france'],
  ['italia', 'italy'],
  ['espana', 'iberia', 'spain'],
  ['japan'],
  ['china'],
  ['india'],
  ['canada'],
  ['australia'],
  ['benelux'],
  ['nordic', 'nordics'],
  ['mena'],
  ['latam'],
  ['africa'],
  ['kazakhstan', 'казахстан'],
  ['ukraine', 'україна'],
  ['north'],
  ['south'],
  ['east'],
  ['west'],
  ['middle'],
  // Titles in people's names.
  ['mr'],
  ['mrs'],
  ['ms'],
  ['dr'],
  ['prof'],
  ['sir'],
  ['jr'],
  ['sr'],
  ['ii'],
  ['iii'],
];

/** Country names and codes as a vendor master writes them → ISO 3166-1 alpha-2. */
const COUNTRY_NAMES: Record<string, string> = {
  russia: 'RU',
  'russian federation': 'RU',
  rus: 'RU',
  россия: 'RU',
  'российская федерация': 'RU',
  'united states': 'US',
  'united states of america': 'US',
  usa: 'US',
  'u s a': 'US',
  'u s': 'US',
  america: 'US',
  'united kingdom': 'GB',
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  gbr: 'GB',
  switzerland: 'CH',
  che: 'CH',
  germany: 'DE',
  deu: 'DE',
  france: 'FR',
  fra: 'FR',
  poland: 'PL',
  pol: 'PL',
  'czech republic': 'CZ',
  czechia: 'CZ',
  cze: 'CZ',
  netherlands: 'NL',
  nld: 'NL',
  kazakhstan: 'KZ',
  kaz: 'KZ',
  ukraine: 'UA',
  ukr: 'UA',
  belarus: 'BY',
  blr: 'BY',
  china: 'CN',
  chn: 'CN',
  japan: 'JP',
  jpn: 'JP',
  india: 'IN',
  ind: 'IN',
  canada: 'CA',
  can: 'CA',
  israel: 'IL',
  isr: 'IL',
  ireland: 'IE',
  irl: 'IE',
  italy: 'IT',
  ita: 'IT',
  spain: 'ES',
  esp: 'ES',
  sweden: 'SE',
  swe: 'SE',
  finland: 'FI',
  fin: 'FI',
  'south korea': 'KR',
  korea: 'KR',
  australia: 'AU',
  aus: 'AU',
  brazil: 'BR',
  bra: 'BR',
  mexico: 'MX',
  mex: 'MX',
  singapore: 'SG',
  sgp: 'SG',
  'united arab emirates': 'AE',
  uae: 'AE',
  cyprus: 'CY',
  cyp: 'CY',
  romania: 'RO',
  rou: 'RO',
  armenia: 'AM',
};

/**
 * An ISO alpha-2 code for a country as written in a vendor master ("Russian Federation", "RUS",
 * "ru"); undefined when it cannot be told.
 * @example toCountryCode('Russian Federation') // 'RU'
 */
export function toCountryCode(value: string | undefined): string | undefined {
  if (!value) return undefined;
  // A vendor master writes its countries a few ways, over and over.
  let code = countryCodes.get(value);
  if (code === undefined && !countryCodes.has(value)) {
    if (countryCodes.size >= COUNTRY_CACHE_LIMIT) countryCodes.clear();
    countryCodes.set(value, (code = foldCountry(value)));
  }
  return code;
}

const COUNTRY_CACHE_LIMIT = 10_000;
const countryCodes = new Map<string, string | undefined>();

function foldCountry(value: string): string | undefined {
  const folded = value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (!folded) return undefined;
  if (/^[a-z]{2}$/.test(folded)) return folded.toUpperCase();
  return COUNTRY_NAMES[folded];
}

const PATRONYMIC = /(ovich|evich|ich|ovna|evna|ichna|inichna|ogly|kyzy)$/;

/** True for a folded token shaped like an East Slavic or Turkic patronymic ("gennadevich"). */
export function isPatronymicShape(key: string): boolean {
  return key.length >= 6 && PATRONYMIC.test(key);
}
