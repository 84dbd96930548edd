import { setImmediate } from 'node:timers/promises'
import { fromMarkdown } from '../../shared/export/markdown.js'
import { newDocumentState } from '../../shared/model/documentBody.js'

/** A case study holding every kind of block and mark the schema has. */
const SAMPLE = `## Summary

Bogotá built **550 km** of protected bike lanes, *daily trips* doubled, ~~slowly~~ and \`fast\`. See the [strategy](https://example.org "S").\\
A second line.

1. Mapped the network
   - weekly workshops
2. Built pilot corridors

- [x] Pilot corridors
- [ ] Full network

| Year | Daily trips |
| ---- | ----------- |
| 2016 | 450,000     |

> Cycling is now the fastest way across the centre.

\`\`\`
const lanes = 550
\`\`\`

---
`

/**
 * Converts a built-in sample of some 100 KB, as a file would be converted, round after round, so that
 * V8 has compiled the parse and the Y.Doc's construction by the time a file comes: the first
 * conversions in a fresh worker run several times slower than later ones. A file that comes while it
 * runs stops it after the round under way (`fileWaiting`), rather than wait for the whole warm-up.
 */
export async function warmUp(fileWaiting: () => boolean): Promise<void> {
  const text = `# Warm-up\n\n${SAMPLE.repeat(REPEATS)}`
  for (let round = 0; round < ROUNDS && !fileWaiting(); round++) {
    newDocumentState({ kind: 'case-study', title: 'Warm-up' }, fromMarkdown(text).body)
    // Lets a file's request in between rounds.
    await setImmediate()
  }
}

const REPEATS = 200
const ROUNDS = 10
