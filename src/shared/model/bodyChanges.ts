import type { JSONContent } from '@tiptap/core'
import { ChangeSet, simplifyChanges } from '@tiptap/pm/changeset'
import { Fragment, type Node, Slice } from '@tiptap/pm/model'
import { ReplaceStep, Transform } from '@tiptap/pm/transform'
import { schema } from './schema.js'

/**
 * What changed from one body to another, in the newer one's positions: `from`–`to` was added (empty
 * when nothing was), and `removed` is the text taken out there (empty when nothing was).
 */
export interface BodyChange {
  from: number
  to: number
  removed: string
}

/**
 * The changes that lead from `older` to `newer`, as few and as small as prosemirror-changeset finds.
 * Given the whole body as one replacement, it gives up on a long document (past 10,000 characters of
 * difference it reports one change over everything), so the blocks are lined up first (those equal
 * in both are kept), and only the runs of blocks between are handed to it, each compared character
 * by character, then widened to whole words.
 */
export function bodyChanges(older: JSONContent, newer: JSONContent): BodyChange[] {
  const [from, to] = [schema.nodeFromJSON(older), schema.nodeFromJSON(newer)]
  const transform = new Transform(from)
  // Back to front, so that each run's place in the older body still holds when it is replaced.
  for (const run of changedRuns(children(from), children(to)).reverse()) {
    const slice = new Slice(Fragment.from(children(to).slice(run.fromB, run.toB)), 0, 0)
    transform.step(new ReplaceStep(blockStart(from, run.fromA), blockStart(from, run.toA), slice))
  }
  // Whole words where a word was changed inside: "commuters" for "riders", not "commut" for "rid".
  const changes = simplifyChanges(ChangeSet.create(from).addSteps(transform.doc, transform.mapping.maps, null).changes, transform.doc)
  return changes.map((change) => {
    const { fromA, toA, fromB, toB } = slid(change, from, to)
    return { from: fromB, to: toB, removed: from.textBetween(fromA, toA, ' ', ' ') }
  })
}

type Span = Pick<Run, 'fromA' | 'toA' | 'fromB' | 'toB'>

/**
 * A pure addition or removal within a paragraph can often stand a few characters earlier or later
 * to the same effect ("day[. Fares were merged in 2019]." or "day.[ Fares were merged in 2019.]"): it
 * is moved to where it starts and ends at word and sentence edges, as a person would mark it.
 */
function slid(change: Span, older: Node, newer: Node): Span {
  const adds = change.fromA === change.toA
  if (adds === (change.fromB === change.toB)) return change
  const [doc, from, to] = adds ? [newer, change.fromB, change.toB] : [older, change.fromA, change.toA]
  const $from = doc.resolve(from)
  if (!$from.parent.isTextblock || doc.resolve(to).parent !== $from.parent) return change
  // One character per position: an inline node that is not text (a line break) counts as one.
  const text = doc.textBetween($from.start(), $from.end(), undefined, '\ufffc')
  const [start, end] = [from - $from.start(), to - $from.start()]
  let [best, bestScore] = [0, edgeScore(text, start, end)]
  for (let shift = 1; end + shift <= text.length && text[start + shift - 1] === text[end + shift - 1]; shift++)
    if (edgeScore(text, start + shift, end + shift) > bestScore) [best, bestScore] = [shift, edgeScore(text, start + shift, end + shift)]
  for (let shift = -1; start + shift >= 0 && text[start + shift] === text[end + shift]; shift--)
    if (edgeScore(text, start + shift, end + shift) > bestScore) [best, bestScore] = [shift, edgeScore(text, start + shift, end + shift)]
  return { fromA: change.fromA + best, toA: change.toA + best, fromB: change.fromB + best, toB: change.toB + best }
}

/** How well a span of a paragraph's text starts and ends: best at the paragraph's edges, then at spaces and punctuation. */
function edgeScore(text: string, start: number, end: number): number {
  const edge = (character: string | undefined) => (character === undefined ? 2 : /[\s\p{P}]/u.test(character) ? 1 : 0)
  return edge(text[start - 1]) + edge(text[end])
}

interface Run {
  fromA: number
  toA: number
  fromB: number
  toB: number
}

const children = (node: Node): Node[] => {
  const nodes: Node[] = []
  node.forEach((child) => {
    nodes.push(child)
  })
  return nodes
}

function blockStart(doc: Node, index: number): number {
  let position = 0
  for (let at = 0; at < index; at++) position += doc.child(at).nodeSize
  return position
}

/** Above this many blocks each side differing, the whole middle is one run, rather than an n × m table. */
const MAX_ALIGNED = 1000

/**
 * The runs of blocks that differ, in order, by the longest common subsequence of equal blocks: past
 * what both start and end with, a table of the longest match from each pair of places on.
 */
function changedRuns(a: Node[], b: Node[]): Run[] {
  let start = 0
  while (start < a.length && start < b.length && a[start]!.eq(b[start]!)) start++
  let [endA, endB] = [a.length, b.length]
  while (endA > start && endB > start && a[endA - 1]!.eq(b[endB - 1]!)) {
    endA--
    endB--
  }
  const [n, m] = [endA - start, endB - start]
  if (n === 0 && m === 0) return []
  if (n === 0 || m === 0 || n * m > MAX_ALIGNED * MAX_ALIGNED) return [{ fromA: start, toA: endA, fromB: start, toB: endB }]
  const longest = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      longest[i]![j] = a[start + i]!.eq(b[start + j]!) ? longest[i + 1]![j + 1]! + 1 : Math.max(longest[i + 1]![j]!, longest[i]![j + 1]!)
  const runs: Run[] = []
  let [i, j] = [0, 0]
  let open: Run | null = null
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i]!.eq(b[start + j]!)) {
      if (open) runs.push(open)
      open = null
      i++
      j++
      continue
    }
    open ??= { fromA: start + i, toA: start + i, fromB: start + j, toB: start + j }
    if (j < m && (i === n || longest[i]![j + 1]! >= longest[i + 1]![j]!)) open.toB = start + ++j
    else open.toA = start + ++i
  }
  if (open) runs.push(open)
  return runs
}
