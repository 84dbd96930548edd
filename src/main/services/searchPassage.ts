import type { Passage } from '../../shared/ipc/contract.js'
import { processTerm } from './searchTerms.js'

/** About how long a passage is, in UTF-16 units, before its "…". */
export const PASSAGE_LENGTH = 160
/** How much of the passage comes before the best match. */
const LEAD = 40
/** A word as searchTerms splits text: a run of anything but white space and punctuation. */
const WORD = /[^\n\r\p{Z}\p{P}]+/gu
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc]/u

/**
 * The piece of `text` (a body, its white space collapsed) around its best match, with the ranges of
 * the words that match `terms`, the index's terms a search matched in this document (so the words
 * marked are those found by prefix or fuzzy matching, and with accents or case that differ). The best
 * match is where most marked words fall within one passage; the passage is cut at word boundaries and
 * says with "…" that it is cut. Null when the body holds none of the terms (the title matched, say).
 */
export function passageOf(text: string, terms: readonly string[]): Passage | null {
  const marks = matchedWords(text, terms)
  if (marks.length === 0) return null
  // The mark whose passage holds the most marks: a window sliding over them in order.
  let best = 0
  let bestCount = 0
  for (let first = 0, last = 0; first < marks.length; first += 1) {
    while (last < marks.length && marks[last]![1] <= marks[first]![0] - LEAD + PASSAGE_LENGTH) last += 1
    if (last - first > bestCount) [best, bestCount] = [first, last - first]
  }
  let start = Math.max(0, marks[best]![0] - LEAD)
  if (start > 0) start = wordStart(text, start, marks[best]![0])
  let end = Math.min(text.length, start + PASSAGE_LENGTH)
  if (end < text.length) end = wordEnd(text, end, marks[best]![1])
  const before = start > 0 ? '…' : ''
  const passageText = `${before}${text.slice(start, end)}${end < text.length ? '…' : ''}`
  const shift = before.length - start
  const inside = marks.filter(([from, to]) => from >= start && to <= end).map(([from, to]): [number, number] => [from + shift, to + shift])
  return { text: passageText, marks: inside }
}

/** The [start, end) ranges of the words of `text` that are, once processed as the index processes them, among `terms`. */
function matchedWords(text: string, terms: readonly string[]): Array<[number, number]> {
  const wanted = new Set(terms)
  const cjkTerms = terms.filter((term) => CJK.test(term))
  // A word whose first letter starts no term is passed over without processing it (most are).
  const firsts = new Set(terms.map((term) => term[0]))
  const marks: Array<[number, number]> = []
  for (const match of text.matchAll(WORD)) {
    const word = match[0]
    const at = match.index
    const first = word[0]!.toLowerCase()
    if (first < '\u0080' && !firsts.has(first)) continue
    if (!CJK.test(word)) {
      if (wanted.has(processTerm(word))) marks.push([at, at + word.length])
      continue
    }
    // Chinese and Japanese: the index holds pairs of characters, found where they stand in the run.
    const found: Array<[number, number]> = []
    for (const term of cjkTerms) {
      for (let i = word.indexOf(term); i >= 0; i = word.indexOf(term, i + 1)) found.push([at + i, at + i + term.length])
    }
    marks.push(...merged(found))
  }
  return marks
}

/** Overlapping ranges as one, in order. */
function merged(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = ranges.sort((a, b) => a[0] - b[0])
  const out: Array<[number, number]> = []
  for (const range of sorted) {
    const last = out.at(-1)
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1])
    else out.push([...range])
  }
  return out
}

/** The start of the first whole word at or after `at`, not past `limit` (the best match's start). */
function wordStart(text: string, at: number, limit: number): number {
  const space = text.indexOf(' ', at - 1)
  return space >= 0 && space + 1 <= limit ? space + 1 : at
}

/** The end of the last whole word before `at`, not before `limit` (the best match's end). */
function wordEnd(text: string, at: number, limit: number): number {
  if (text[at] === ' ') return at
  const space = text.lastIndexOf(' ', at)
  return space >= limit ? space : at
}
