/** What minisearch splits words at by default: white space and punctuation (CJK punctuation too). */
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u
/** Han (Chinese, Japanese kanji), kana and Hangul, and the katakana long vowel mark, in runs; captured, so split keeps them. */
const CJK_RUN = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc]+)/u
const CJK = new RegExp(CJK_RUN.source.slice(1, -1), 'u')
/** A Latin letter's combining marks (accents, cedillas, tildes), once decomposed. */
const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu

/**
 * How a term is kept and looked up: lowercased, as minisearch does, and with the marks of Latin
 * letters taken off, so that "gestion" and "gestión", "Sao" and "São", "ete" and "été" find each
 * other exactly rather than only fuzzily (and short words, which fuzzy matching leaves alone, at
 * all). Other scripts keep their marks: they can change a letter there (Cyrillic й), and CJK has none.
 */
export function processTerm(term: string): string {
  const lower = term.toLowerCase()
  // Only a term outside ASCII can hold a mark: most are left as they are, and fast.
  if (!/[\u0080-\uffff]/.test(lower)) return lower
  return lower.normalize('NFD').replace(LATIN_MARKS, '$1').normalize('NFC')
}

/**
 * Splits a text into the terms the search index holds. Words in alphabetic scripts stay whole, as
 * minisearch's own tokenizer leaves them (so prefix and fuzzy matching, and with them "Bogota"
 * finding "Bogotá", work as before; processTerm then folds their accents). Chinese and Japanese put no spaces between words, so a run of
 * CJK characters gives each pair of neighbours, and its last character alone: "北京的公交" gives 北京,
 * 京的, 的公, 公交 and 交. Every character then starts a term, so a one-character query, searched as
 * a prefix, finds it wherever it stands.
 */
export function searchTerms(text: string): string[] {
  return terms(text, (characters, pairs) => [...pairs, characters.at(-1)!])
}

/**
 * Splits a query as searchTerms splits a text, but a run of two or more CJK characters gives only
 * its pairs: with every term required, "公交" finds "北京的快速公交系统" wherever it stands in the
 * sentence, and "上海" only where those two characters are neighbours.
 */
export function queryTerms(query: string): string[] {
  return terms(query, (characters, pairs) => (pairs.length ? pairs : characters))
}

function terms(text: string, ofRun: (characters: string[], pairs: string[]) => string[]): string[] {
  const words = text.split(SPACE_OR_PUNCTUATION)
  // A text without CJK (most): looking into each word would make indexing it half as slow again.
  if (!CJK.test(text)) return words
  const found: string[] = []
  for (const word of words) {
    // Split with a capturing group: the CJK runs are at the odd indexes, what lies between them at the even.
    for (const [i, part] of word.split(CJK_RUN).entries()) {
      if (!part) continue
      if (i % 2 === 0) {
        found.push(part)
        continue
      }
      const characters = [...part]
      found.push(
        ...ofRun(
          characters,
          characters.slice(1).map((character, j) => `${characters[j]}${character}`),
        ),
      )
    }
  }
  return found
}
