import { SECTIONS } from '../../src/shared/model/kinds.js'
import type { DocumentKind } from '../../src/shared/model/kinds.js'

/** A generated case study: its file name, title and Markdown, and the distinct words of its body. */
export interface CaseStudy {
  file: string
  title: string
  markdown: string
  words: Set<string>
}

const VOCABULARY_SIZE = 20_000
const SYLLABLES = [
  'ba',
  'ce',
  'di',
  'fo',
  'gu',
  'ha',
  'ke',
  'li',
  'mo',
  'nu',
  'pa',
  're',
  'si',
  'to',
  'vu',
  'wa',
  'xe',
  'yo',
  'za',
  'bri',
  'cla',
  'dre',
  'flo',
  'gri',
  'plu',
  'str',
  'tha',
  'qua',
]
const CITIES = [
  'Lagos', 'Bogotá', 'Jakarta', 'Paris', 'Seoul', 'Nairobi', 'Lima', 'Oslo', 'Dhaka', 'Quito', 'Accra', 'Milan',
  'Lisbon', 'Dakar', 'Tokyo', 'Sydney', 'Durban', 'Austin', 'Chennai', 'Karachi', 'Medellín', 'Curitiba', 'Hanoi',
  'Amman', 'Athens', 'Berlin', 'Boston', 'Cairo', 'Dubai', 'Freetown', 'Houston', 'Istanbul', 'Kolkata', 'London',
] // biome-ignore format: a list of names reads best packed
const TOPICS = [
  'bus lanes',
  'bike lanes',
  'heat plan',
  'flood defences',
  'waste sorting',
  'tree planting',
  'building retrofits',
  'clean air zone',
  'school streets',
  'solar roofs',
]
/** Kinds in the proportions a network's library might hold them. */
const KINDS: DocumentKind[] = [
  'case-study',
  'case-study',
  'case-study',
  'case-study',
  'case-study',
  'case-study',
  'case-study',
  'lessons-learned',
  'lessons-learned',
  'workshop-notes',
]

/**
 * `count` small case studies as Markdown files the importer reads: front matter (title, kind, city),
 * then three to five of their kind's section headings, each with a paragraph or two; 300 to 600 words
 * in all, drawn from a vocabulary of 20,000 made-up words with Zipf's law (the word of rank r comes
 * with a probability proportional to 1/r), as a natural language's words come. Deterministic: the same
 * seed, the same files.
 */
export function caseStudies(count: number, seed = 15): CaseStudy[] {
  const random = mulberry32(seed)
  const vocabulary = madeUpWords(random)
  const word = zipf(random, vocabulary)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const studies: CaseStudy[] = []
  for (let index = 0; index < count; index += 1) {
    const kind = pick(KINDS)
    const city = pick(CITIES)
    const title = `${city}: ${pick(TOPICS)}, ${2000 + Math.floor(random() * 26)} (${index + 1})`
    const words = new Set<string>()
    const sections = SECTIONS.en[kind]
    const headings = sections.slice(0, 3 + Math.floor(random() * Math.min(3, sections.length - 2)))
    let remaining = 300 + Math.floor(random() * 301)
    const body: string[] = []
    for (const [at, heading] of headings.entries()) {
      body.push(`## ${heading}`)
      const share = at === headings.length - 1 ? remaining : Math.floor(remaining / (headings.length - at))
      remaining -= share
      body.push(
        ...paragraphs(
          share,
          () => {
            const next = word()
            words.add(next)
            return next
          },
          random,
        ),
      )
    }
    const markdown = `---\ntitle: "${title}"\nkind: ${kind}\ncity: ${city}\n---\n\n${body.join('\n\n')}\n`
    studies.push({ file: `case-${String(index + 1).padStart(5, '0')}.md`, title, markdown, words })
  }
  return studies
}

/** `total` words as sentences of 8 to 20 words, in paragraphs of at most 80. */
function paragraphs(total: number, word: () => string, random: () => number): string[] {
  const result: string[] = []
  while (total > 0) {
    const sentences: string[] = []
    for (let inParagraph = 0; total > 0 && inParagraph < 80; ) {
      const length = Math.min(total, 8 + Math.floor(random() * 13))
      const sentence = Array.from({ length }, word).join(' ')
      sentences.push(`${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`)
      total -= length
      inParagraph += length
    }
    result.push(sentences.join(' '))
  }
  return result
}

/** VOCABULARY_SIZE distinct words of two to five syllables, shortest (most common) first on the whole. */
function madeUpWords(random: () => number): string[] {
  const words = new Set<string>()
  while (words.size < VOCABULARY_SIZE) {
    const syllables = 2 + Math.floor(random() * (words.size < 500 ? 1 : 4))
    words.add(Array.from({ length: syllables }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join(''))
  }
  return [...words]
}

/** Draws words by rank with Zipf's law (exponent 1), by a binary search of the cumulative weights. */
export function zipf(random: () => number, vocabulary: string[]): () => string {
  const cumulative: number[] = []
  let sum = 0
  for (let rank = 1; rank <= vocabulary.length; rank += 1) {
    sum += 1 / rank
    cumulative.push(sum)
  }
  return () => {
    const target = random() * sum
    let low = 0
    let high = cumulative.length - 1
    while (low < high) {
      const middle = (low + high) >> 1
      if (cumulative[middle]! < target) low = middle + 1
      else high = middle
    }
    return vocabulary[low]!
  }
}

/**
 * Words to search for, each in about 1% of the documents (as near as the corpus has), at least six
 * letters long and no other word's start (so that fuzzy and prefix matches are few). No document holds two of them, and none of the first or last 50 documents (a tenth, in a small
 * corpus) holds any:
 * the list's first row (the newest, or the oldest, whichever the list shows first) is no hit, so
 * results replacing the list can be told from it.
 */
export function searchWords(studies: CaseStudy[], wanted: number): string[] {
  const holders = new Map<string, CaseStudy[]>()
  for (const study of studies) {
    for (const word of study.words) {
      const held = holders.get(word)
      if (held) held.push(study)
      else holders.set(word, [study])
    }
  }
  const edge = Math.min(50, Math.floor(studies.length / 10))
  const edges = new Set([...studies.slice(0, edge), ...studies.slice(-edge)])
  const target = Math.max(1, Math.round(studies.length / 100))
  const words = [...holders.keys()].sort()
  // A prefix search for such a word would find other words' documents too.
  const starts = new Set(words.filter((word, at) => words[at + 1]?.startsWith(word)))
  const startsLonger = (word: string) => starts.has(word)
  const candidates = [...holders]
    .filter(([word, held]) => word.length >= 6 && !startsLonger(word) && held.every((study) => !edges.has(study)))
    .sort(([a, heldA], [b, heldB]) => Math.abs(heldA.length - target) - Math.abs(heldB.length - target) || (a < b ? -1 : 1))
  const chosen: string[] = []
  const taken = new Set<CaseStudy>()
  for (const [word, held] of candidates) {
    if (chosen.length === wanted) break
    if (held.some((study) => taken.has(study))) continue
    for (const study of held) taken.add(study)
    chosen.push(word)
  }
  if (chosen.length < wanted) throw new Error(`the corpus has fewer than ${wanted} words to search for`)
  return chosen
}

/**
 * Numbers in [0, 1) from mulberry32. Not tests/helpers/seededRandom.ts: its generator, computed in
 * doubles, falls into a cycle of some 14,000 numbers, and a corpus draws millions.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = Math.imul(state ^ (state >>> 15), state | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
}
