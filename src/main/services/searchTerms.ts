/** What minisearch splits words at by default: white space and punctuation (CJK punctuation too). */
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u
/** Han (Chinese, Japanese kanji), kana and Hangul, and the katakana long vowel mark, in runs; captured, so split keeps them. */
const CJK_RUN = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc]+)/u

/**
 * Splits a text, or a query, into the terms the search index holds. Words in alphabetic scripts stay
 * whole, as minisearch's own tokenizer leaves them (so prefix and fuzzy matching, and with them
 * "Bogota" finding "Bogotá", work as before). Chinese and Japanese put no spaces between words, so a
 * run of CJK characters gives each character and each pair of neighbours: "北京的公交" gives 北, 京,
 * 的, 公, 交, 北京, 京的, 的公, 公交. A query split the same way, with every term required, finds
 * "公交" wherever it stands in a sentence, and "上海" only where those two characters are neighbours.
 */
export function searchTerms(text: string): string[] {
  const terms: string[] = []
  for (const word of text.split(SPACE_OR_PUNCTUATION)) {
    // Split with a capturing group: the CJK runs are at the odd indexes, what lies between them at the even.
    for (const [i, part] of word.split(CJK_RUN).entries()) {
      if (!part) continue
      if (i % 2 === 0) {
        terms.push(part)
        continue
      }
      const characters = [...part]
      terms.push(...characters)
      for (let j = 0; j + 1 < characters.length; j++) terms.push(`${characters[j]}${characters[j + 1]}`)
    }
  }
  return terms
}
