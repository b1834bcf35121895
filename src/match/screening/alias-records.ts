import { restrictedDamerau } from './distance.js';
import type { Party } from './parties.js';
import { tokenizeName, type Token, type TokenizedName } from './tokenize.js';
import { hasCyrillic, TRANSLIT_SCHEMES, type TranslitScheme } from './transliterate.js';
import { isPatronymicShape } from './vocabulary.js';

type TokenRole = 'given' | 'patronymic' | 'surname' | 'word';

export interface AliasToken extends Token {
  /** Share of the alias this token stands for: generic words count a quarter. */
  weight: number;
  /** A token that can make a record a candidate: an organisation's distinctive word, a person's surname. */
  anchor: boolean;
  role: TokenRole;
}

/** One way of writing one party's name, tokenised: what a query is scored against. */
export interface AliasRecord {
  /** Index of the party in the list the records were compiled from. */
  party: number;
  /** The name as written in the data pack, or its romanisation. */
  text: string;
  /** Set when `text` was romanised from a Cyrillic alias by this scheme. */
  scheme?: TranslitScheme;
  tokens: AliasToken[];
  weight: number;
  person: boolean;
  /** A person's name without the patronymic that the full name has: it cannot decide alone. */
  partial: boolean;
  /** The person's full name has a patronymic: a different one in a query rules the person out. */
  hasPatronymic: boolean;
  /** Legal forms the alias was written with, as keys ("inc"). */
  legalFormKeys: string[];
}

const WEAK_WEIGHT = 0.25;

/**
 * Every alias of every party as scored records: Cyrillic aliases once per romanisation scheme,
 * short Latin company names also as one joined word ("KasperskyLab"), duplicates dropped.
 */
export function compileAliases(parties: readonly Party[]): AliasRecord[] {
  const records: AliasRecord[] = [];
  parties.forEach((party, index) => {
    const seen = new Set<string>();
    const primary = party.kind === 'person' ? personShape(party.name) : undefined;
    const add = (text: string, { tokens, legalFormKeys }: TokenizedName, scheme?: TranslitScheme) => {
      const record = toRecord(index, text, tokens, primary, scheme, legalFormKeys);
      if (!record) return;
      const signature = `${record.tokens
        .map((t) => `${t.key}/${t.role}`)
        .sort()
        .join(' ')}|${legalFormKeys.join(' ')}`;
      if (seen.has(signature)) return;
      seen.add(signature);
      records.push(record);
    };
    for (const name of party.names) {
      if (hasCyrillic(name)) {
        for (const scheme of TRANSLIT_SCHEMES) add(name, tokenizeName(name, scheme), scheme);
        continue;
      }
      const tokenized = tokenizeName(name);
      add(name, tokenized);
      const { tokens } = tokenized;
      if (!primary && tokens.length >= 2 && tokens.length <= 3) {
        add(name, tokenizeName(tokens.map((t) => t.surface).join('')));
      }
    }
  });
  return records;
}

interface PersonShape {
  surname: string;
  hasPatronymic: boolean;
}

function personShape(name: string): PersonShape {
  const keys = tokenizeName(name).tokens.map((t) => t.key);
  const names = keys.filter((k) => !isPatronymicShape(k));
  return {
    surname: names[names.length - 1] ?? keys[keys.length - 1] ?? '',
    hasPatronymic: names.length < keys.length,
  };
}

function toRecord(
  party: number,
  text: string,
  tokens: Token[],
  person: PersonShape | undefined,
  scheme: TranslitScheme | undefined,
  legalFormKeys: string[],
): AliasRecord | undefined {
  if (!tokens.length) return undefined;
  const roles = person ? rolesOf(tokens, person) : tokens.map((): TokenRole => 'word');
  const aliasTokens: AliasToken[] = tokens.map((t, i) => ({
    ...t,
    weight: t.weak ? WEAK_WEIGHT : 1,
    anchor: person ? roles[i] === 'surname' : !t.weak,
    role: roles[i]!,
  }));
  if (!aliasTokens.some((t) => t.anchor)) return undefined;
  return {
    party,
    text,
    ...(scheme ? { scheme } : {}),
    tokens: aliasTokens,
    weight: aliasTokens.reduce((sum, t) => sum + t.weight, 0),
    person: Boolean(person),
    partial: Boolean(person?.hasPatronymic && !roles.includes('patronymic')),
    hasPatronymic: Boolean(person?.hasPatronymic),
    legalFormKeys,
  };
}

/**
 * A person alias's surname is the token closest to the full name's surname, whatever the order
 * ("TIKHONOV Andrei", "Тихонов Андрей Геннадьевич") or the romanisation ("Tixonov").
 */
function rolesOf(tokens: Token[], person: PersonShape): TokenRole[] {
  const roles: TokenRole[] = tokens.map((t) => (isPatronymicShape(t.key) ? 'patronymic' : 'given'));
  let best = -1;
  let bestDistance = Infinity;
  tokens.forEach((t, i) => {
    if (roles[i] === 'patronymic') return;
    const limit = Math.max(2, Math.floor(person.surname.length * 0.4));
    const d = restrictedDamerau(t.key, person.surname, limit);
    if (d <= limit && d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  });
  if (best >= 0) roles[best] = 'surname';
  else roles.forEach((r, i) => (roles[i] = r === 'patronymic' ? r : 'surname'));
  return roles;
}
