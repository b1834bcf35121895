import { it } from 'vitest';
import { loadDataPack } from '../../src/data/load.js';
import { collectParties } from '../../src/match/screening/parties.js';
import { createScreeningIndex } from '../../src/match/screening/screening-index.js';
import { tokenizeName } from '../../src/match/screening/tokenize.js';
import { transliterate, TRANSLIT_SCHEMES } from '../../src/match/screening/transliterate.js';

it('scratch', async () => {
  const pack = await loadDataPack();
  const s = createScreeningIndex(collectParties(pack));
  console.log(s.records.length, 'records');
  for (const n of ['АО «Лаборатория Касперского»', 'Kaspersky Labs Ltd.', 'KasperskyLab', 'Mikhail Yurievich Gerber', 'Тихонов Андрей Геннадьевич'])
    console.log(n, tokenizeName(n).tokens.map((t) => t.key).join(' '));
  for (const sc of TRANSLIT_SCHEMES) console.log(sc, transliterate('ЗАО «Лаборатория Касперского» Евгений Валентинович Касперский Щукин Цой Ёлкин', sc));
  for (const n of ['Kaspersky', 'Kasperski', 'Kasperski Lab', 'Kaspersky Transport', 'ZAO Laboratorija Kasperskogo', 'Rocket Lab', 'Andrei Tikhonov', 'Andrey Nikolayevich Tikhonov', 'Anton Ivanov', 'Gerber Products Company', 'Kaspi.kz', 'Kasper Holdings', 'Natalya Kasperskaya', 'Yevgeny Kaspersky', 'Kaspersky Lab Switzerland GmbH', 'Kaspersky Lab, Inc.', 'Kaspresky Lab JSC', 'Eugene Levy', 'OOO Kasperskiy Grupp'])
    { const h = s.screen({ names: [{ on: 'supplier', value: n }] }); console.log(n, '→', h ? `${h.party.id} ${h.score} ${h.determination}\n   ${h.explanation}` : '-'); }
});
