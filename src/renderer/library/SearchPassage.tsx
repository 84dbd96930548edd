import type { Passage } from '../../shared/ipc/contract.js'

/** Where a search hit matched: a piece of its body, the words searched for in <mark>. */
export function SearchPassage({ passage }: { passage: Passage }) {
  const parts: (string | { marked: string })[] = []
  let at = 0
  for (const [start, end] of passage.marks) {
    if (start < at || end > passage.text.length) continue
    parts.push(passage.text.slice(at, start), { marked: passage.text.slice(start, end) })
    at = end
  }
  parts.push(passage.text.slice(at))
  return (
    <p className="passage">
      {parts.map((part, i) =>
        typeof part === 'string' ? (
          part
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts are fixed for a passage, in order.
          <mark key={i}>{part.marked}</mark>
        ),
      )}
    </p>
  )
}
