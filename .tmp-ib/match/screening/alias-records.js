import { restrictedDamerau } from './distance.js';
import { tokenizeName } from './tokenize.js';
import { hasCyrillic, TRANSLIT_SCHEMES } from './transliterate.js';
import { isPatronymicShape } from './vocabulary.js';
export const WEAK_WEIGHT = 0.25;
/**
 * Every alias of every party as scored records: Cyrillic aliases once per romanisation scheme,
 * short Latin company names also as one joined word ("KasperskyLab"), duplicates dropped.
 */
export function compileAliases(parties) {
    const records = [];
    parties.forEach((party, index) => {
        const seen = new Set();
        const primary = party.kind === 'person' ? personShape(party.name) : undefined;
        const add = (text, { tokens, legalFormKeys }, scheme) => {
            const record = toRecord(index, text, tokens, primary, scheme, legalFormKeys);
            if (!record)
                return;
            const signature = `${record.tokens
                .map((t) => `${t.key}/${t.role}`)
                .sort()
                .join(' ')}|${legalFormKeys.join(' ')}`;
            if (seen.has(signature))
                return;
            seen.add(signature);
            records.push(record);
        };
        for (const name of party.names) {
            if (hasCyrillic(name)) {
                for (const scheme of TRANSLIT_SCHEMES)
                    add(name, tokenizeName(name, scheme), scheme);
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
function personShape(name) {
    const keys = tokenizeName(name).tokens.map((t) => t.key);
    const names = keys.filter((k) => !isPatronymicShape(k));
    return {
        surname: names[names.length - 1] ?? keys[keys.length - 1] ?? '',
        hasPatronymic: names.length < keys.length,
    };
}
function toRecord(party, text, tokens, person, scheme, legalFormKeys) {
    if (!tokens.length)
        return undefined;
    const roles = person ? rolesOf(tokens, person) : tokens.map(() => 'word');
    const aliasTokens = tokens.map((t, i) => ({
        ...t,
        weight: t.weak ? WEAK_WEIGHT : 1,
        anchor: person ? roles[i] === 'surname' : !t.weak,
        role: roles[i],
    }));
    if (!aliasTokens.some((t) => t.anchor))
        return undefined;
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
function rolesOf(tokens, person) {
    const roles = tokens.map((t) => (isPatronymicShape(t.key) ? 'patronymic' : 'given'));
    let best = -1;
    let bestDistance = Infinity;
    tokens.forEach((t, i) => {
        if (roles[i] === 'patronymic')
            return;
        const limit = Math.max(2, Math.floor(person.surname.length * 0.4));
        const d = restrictedDamerau(t.key, person.surname, limit);
        if (d <= limit && d < bestDistance) {
            best = i;
            bestDistance = d;
        }
    });
    if (best >= 0)
        roles[best] = 'surname';
    else
        roles.forEach((r, i) => (roles[i] = r === 'patronymic' ? r : 'surname'));
    return roles;
}
