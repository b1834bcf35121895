/**
 * Folds the spelling differences that romanised Russian names show in practice to one key:
 * "Kasperskiy", "Kasperskij", "Kasperskii" and "Kaspersky" → "kaspersky"; "Yevgeny", "Evgenij",
 * "Evgenii" → "evgeny"; "Mikhaylovna", "Mikhailovna", "Mihajlovna" → "mihailovna";
 * "Alexeeva", "Alekseyeva" → "alekseva". Both sides of a comparison go through it. Polish and
 * German "-ski" endings stay distinct from "-sky": "Kasperski" is a common surname of its own.
 */
export function toSkeleton(token) {
    if (!/[a-z]/.test(token))
        return token;
    // Folding can create a new foldable sequence ("kkh" → "kh"): repeat until nothing changes.
    let previous = token;
    for (let i = 0; i < 8; i++) {
        const next = foldOnce(previous);
        if (next === previous)
            break;
        previous = next;
    }
    return previous;
}
function foldOnce(token) {
    let s = token;
    s = s.replace(/j/g, 'y').replace(/x/g, 'ks').replace(/w/g, 'v').replace(/shh/g, 'shch').replace(/kh/g, 'h');
    s = s.replace(/i(?=[aeou])/g, 'y'); // ia, iu, ie, io → ya, yu, ye, yo
    s = s.replace(/iy(?=[aeou])/g, 'y'); // iya → ya
    s = s.replace(/y{2,}/g, 'y');
    s = s.replace(/ye/g, 'e');
    s = s.replace(/([^aeiouy])yo/g, '$1e');
    s = s.replace(/(?:iy|ii|yi)$/, 'y');
    s = s.replace(/([aeou])i$/, '$1y');
    s = s.replace(/y(?=[^aeiouy])/g, 'i');
    s = s.replace(/(.)\1+/g, '$1');
    return s;
}
