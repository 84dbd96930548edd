import { readFile } from 'node:fs/promises'
import type { JSONContent } from '@tiptap/core'
import { describe, expect, it } from 'vitest'
import { toDocx } from '../../../src/main/export/toDocx.js'
import { convertFile } from '../../../src/main/import/convertFile.js'
import { docxToContent } from '../../../src/main/import/docxToContent.js'
import { fromMarkdown } from '../../../src/shared/export/markdown.js'
import { readMeta } from '../../../src/shared/model/document.js'
import { newDocumentContent, readBody } from '../../../src/shared/model/documentBody.js'
import { makeDocx } from '../../helpers/makeDocx.js'
import * as Y from 'yjs'

const FIXTURE = new URL('../../fixtures/bogota-bike-lanes.md', import.meta.url)

/** What a round trip must keep: the headings, list items, table cells and links, in order. */
function kept(body: JSONContent) {
  const found = { headings: [] as string[], items: [] as string[], cells: [] as string[], links: [] as string[] }
  const text = (node: JSONContent): string => node.text ?? (node.content ?? []).map(text).join('')
  const visit = (node: JSONContent) => {
    if (node.type === 'heading') found.headings.push(`h${node.attrs?.['level']} ${text(node)}`)
    if (node.type === 'listItem') found.items.push(text(node.content?.[0] ?? {}))
    if (node.type === 'tableCell' || node.type === 'tableHeader') found.cells.push(text(node))
    const href = node.marks?.find((mark) => mark.type === 'link')?.attrs?.['href']
    if (href) found.links.push(`${node.text} -> ${href}`)
    node.content?.forEach(visit)
  }
  visit(body)
  return found
}

async function imported(name: string, bytes: Uint8Array) {
  const { document, warnings } = await convertFile({ name, bytes })
  const doc = new Y.Doc()
  Y.applyUpdate(doc, document.state)
  return { meta: readMeta(doc), body: readBody(doc), warnings }
}

describe('Word round trips', () => {
  it('Markdown → document → Word → document keeps headings, list items, table cells, links and the details', async () => {
    const parsed = fromMarkdown(await readFile(FIXTURE, 'utf8'))
    const fields = parsed.fields as { title: string; kind: 'case-study' }
    const original = newDocumentContent({ ...fields, country: 'Colombia', authors: ['Ana Gómez', 'Luis Pérez'] }, parsed.body)
    const back = await imported('bogota.docx', await toDocx(original.meta, original.body))
    expect(kept(back.body)).toEqual(kept(original.body))
    expect(kept(back.body).items).toContain('concrete kerbs once usage was proven')
    expect(back.meta).toMatchObject({
      title: "Ciclovías: Bogotá's protected bike lanes",
      kind: 'case-study',
      network: 'brt-network',
      city: 'Bogotá',
      country: 'Colombia',
      authors: ['Ana Gómez', 'Luis Pérez'],
      topics: ['cycling', 'street design'],
    })
    // Neither the title nor the table of details became part of the body.
    expect(JSON.stringify(back.body)).not.toContain('Case study')
    expect(back.body.content?.[0]).toMatchObject({ type: 'heading', content: [{ text: 'Summary' }] })
    expect(back.warnings).toEqual([])
  })

  it('Word → document → Word → document keeps what the first import read', async () => {
    const first = await imported('kampung.docx', await makeDocx())
    const second = await imported('again.docx', await toDocx(first.meta, first.body))
    expect(kept(second.body)).toEqual(kept(first.body))
    expect(kept(first.body).links).toEqual(['programme page -> https://example.org/kampung'])
    expect(kept(first.body).cells).toEqual(['Year', 'Homes', '2024', '1,200'])
    expect(second.meta.title).toBe(first.meta.title)
    // The docx package's placeholder creator, in the file makeDocx writes, names no author, and none is written back.
    expect([first.meta.authors, second.meta.authors]).toEqual([[], []])
  })

  it('reads quotes and code in Casebook’s Word styles back as quotes and code', async () => {
    const parsed = fromMarkdown(await readFile(FIXTURE, 'utf8'))
    const original = newDocumentContent(parsed.fields as { title: string; kind: 'case-study' }, parsed.body)
    const { body } = await docxToContent(await toDocx(original.meta, original.body))
    const types = JSON.stringify(body)
    expect(types).toContain('{"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"Cycling is now the fastest way')
    expect(types).toContain('{"type":"text","marks":[{"type":"code"}],"text":"mobility@example.org"}')
  })

  it('takes a title from the properties and from the Title paragraph, which leaves the body, and leaves out a property a document cannot hold, saying so', async () => {
    const { meta } = newDocumentContent({ kind: 'case-study', title: 'Placeholder' })
    const file = await toDocx(
      { ...meta, title: 'Heat plans', authors: ['x'.repeat(101)] },
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Body.' }] }] },
    )
    const converted = await docxToContent(file)
    expect(converted.fields).toEqual({ title: 'Heat plans', kind: 'case-study' })
    expect(converted.titleFromContent).toBe('Heat plans')
    expect(converted.body).toEqual({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Body.' }] }] })
    expect(converted.warnings.map((warning) => warning.message)).toEqual(['The Word property "authors" was left out: Casebook cannot keep its value.'])
  })
})
