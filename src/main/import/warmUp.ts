import { fromMarkdown } from '../../shared/export/markdown.js'
import { newDocumentState } from '../../shared/model/document.js'

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
 * Converts a built-in sample of some 100 KB, as a file would be converted, so that V8 has compiled
 * the parse and the Y.Doc's construction by the time a file comes. On a busy two-core machine, a
 * fresh process's first conversion of 1 MB of Markdown took 2.0 s after this warm-up (itself 0.8 s)
 * against 3.8 s without (medians of 6): worth it in a worker started ahead of need, not in one
 * started for the file at hand.
 */
export function warmUp(): void {
  const text = `# Warm-up\n\n${SAMPLE.repeat(REPEATS)}`
  newDocumentState({ kind: 'case-study', title: 'Warm-up' }, fromMarkdown(text).body)
}

const REPEATS = 200
