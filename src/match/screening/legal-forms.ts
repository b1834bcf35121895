/**
 * Legal forms that say what kind of company a name is but not which one. Screening drops them
 * from both sides; they are written as the words a tokeniser sees after punctuation is removed
 * ("S.p.A." → "s p a"), and compared after the same transliteration and spelling folding as names,
 * so "ООО", "OOO" and "Obshchestvo s ogranichennoy otvetstvennostyu" all fold away.
 */
export const LEGAL_FORMS: readonly string[] = [
  // Russia and the CIS, Cyrillic and romanised.
  'ао', 'зао', 'оао', 'пао', 'ооо', 'одо', 'тоо', 'ип', 'нао', 'чп', 'тов', 'пат', 'прат',
  'акционерное общество', 'закрытое акционерное общество', 'открытое акционерное общество',
  'публичное акционерное общество', 'непубличное акционерное общество',
  'общество с ограниченной ответственностью', 'товарищество с ограниченной ответственностью',
  'индивидуальный предприниматель', 'товариство з обмеженою відповідальністю',
  'ao', 'zao', 'oao', 'pao', 'ooo', 'nao', 'too',
  // English.
  'jsc', 'cjsc', 'ojsc', 'pjsc', 'joint stock company', 'closed joint stock company', 'open joint stock company',
  'public joint stock company', 'non public joint stock company', 'limited liability company',
  'limited liability partnership', 'limited partnership', 'llc', 'l l c', 'llp', 'lp', 'ltd', 'limited', 'inc',
  'incorporated', 'corp', 'corporation', 'co', 'company', 'plc', 'public limited company', 'pty', 'pte', 'pvt',
  'private limited', 'lllp', 'pc', 'pllc',
  // German, French, Italian, Spanish, Portuguese.
  'gmbh', 'ag', 'kg', 'ohg', 'gmbh co kg', 'ug', 'kgaa', 'se', 'e v', 'mbh',
  'sa', 'sas', 'sasu', 'sarl', 's a r l', 'eurl', 'sca', 'snc', 'societe anonyme', 'societe par actions simplifiee',
  'spa', 's p a', 'srl', 's r l', 'sapa', 's a', 's l', 'sl', 'slu', 's a de c v', 'sa de cv', 'ltda', 's de r l',
  'eireli',
  // Benelux and the Nordics.
  'bv', 'b v', 'nv', 'n v', 'vof', 'bvba', 'ab', 'publ', 'oy', 'oyj', 'as', 'asa', 'aps', 'a s', 'hf', 'ehf',
  // Central and Eastern Europe.
  'sp z o o', 'spolka z ograniczona odpowiedzialnoscia', 'sp k', 'sp j', 's r o', 'sro', 'spol s r o', 'k s',
  'v o s', 'kft', 'zrt', 'nyrt', 'bt', 'ood', 'eood', 'ead', 'ad', 'd o o', 'doo', 'd d', 'sia', 'uab', 'ou',
  // Asia.
  'kk', 'k k', 'kabushiki kaisha', 'godo kaisha', 'yugen kaisha', 'sdn bhd', 'bhd', 'tbk', 'pt', 'jsc',
  'co ltd', 'ltd sti', 'a s',
];

/** CJK forms are not space-separated: they are cut from the text before tokenising. */
export const CJK_LEGAL_FORMS = /(株式会社|有限会社|合同会社|股份有限公司|有限责任公司|有限公司|주식회사|유한회사)/gu;
