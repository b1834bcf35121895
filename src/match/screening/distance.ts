/**
 * Edits allowed between two name tokens, by the shorter one's length: none up to 4 letters
 * ("lab", "ooo", "ivan"), one up to 9 ("tihonov", "kaspersky"), two from 10. Two edits on
 * "kaspersky" would reach "kasperskaya", a different person's surname.
 */
export function allowedEdits(length: number): number {
  return length <= 4 ? 0 : length <= 9 ? 1 : 2;
}

let rowPrev = new Int32Array(64);
let rowCur = new Int32Array(64);
let rowPrev2 = new Int32Array(64);

/**
 * Damerau-Levenshtein distance in its optimal-string-alignment form (insert, delete, substitute,
 * swap two neighbours), or `max + 1` as soon as it must exceed `max`.
 * @example restrictedDamerau('kaspresky', 'kaspersky', 2) // 1
 */
export function restrictedDamerau(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (m + 1 > rowCur.length) {
    rowPrev = new Int32Array(m + 1);
    rowCur = new Int32Array(m + 1);
    rowPrev2 = new Int32Array(m + 1);
  }
  for (let j = 0; j <= m; j++) rowPrev[j] = j;
  for (let i = 1; i <= n; i++) {
    rowCur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min(rowPrev[j]! + 1, rowCur[j - 1]! + 1, rowPrev[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb)
        v = Math.min(v, rowPrev2[j - 2]! + 1);
      rowCur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = rowPrev2;
    rowPrev2 = rowPrev;
    rowPrev = rowCur;
    rowCur = t;
  }
  const d = rowPrev[m]!;
  return d > max ? max + 1 : d;
}
