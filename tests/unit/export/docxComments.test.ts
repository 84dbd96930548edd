import type { JSONContent } from '@tiptap/core'
import { Node } from '@tiptap/pm/model'
import { describe, expect, it } from 'vitest'
import type { ExportComment } from '../../../src/main/export/exportComments.js'
import { toDocx } from '../../../src/main/export/toDocx.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { schema } from '../../../src/shared/model/schema.js'
import { docxParts } from '../../helpers/docxParts.js'
import { wordComments, wordTextBetween } from '../../helpers/wordComments.js'

const text = (value: string): JSONContent => ({ type: 'text', text: value })
const para = (value: string): JSONContent => ({ type: 'paragraph', content: [text(value)] })
const row = (...values: string[]): JSONContent => ({ type: 'tableRow', content: values.map((value) => ({ type: 'tableCell', content: [para(value)] })) })

const BODY: JSONContent = {
  type: 'doc',
  content: [
    para('Before the table.'),
    { type: 'table', content: [row('2016', '450,000'), row('2023', '880,000')] },
    { type: 'horizontalRule' },
    para('After the rule.'),
  ],
}

/** Where each top-level block starts and ends, as ProseMirror counts. */
function blocks(): { from: number; to: number }[] {
  const found: { from: number; to: number }[] = []
  Node.fromJSON(schema, BODY).forEach((node, offset) => {
    found.push({ from: offset, to: offset + node.nodeSize })
  })
  return found
}

const comment = (body: string, place: ExportComment['place']): ExportComment => ({ by: 'Ana Gómez', body, at: 0, quote: 'the table', replies: [], place })

async function exported(comments: ExportComment[]) {
  const { meta } = newDocumentContent({ kind: 'case-study', title: 'Counts' })
  const [commentsXml, documentXml] = await docxParts(await toDocx(meta, BODY, comments), 'word/comments.xml', 'word/document.xml')
  return { comments: wordComments(commentsXml!), documentXml: documentXml! }
}

describe('DOCX comments placed between blocks', () => {
  it('moves a range that starts or ends between blocks to the text nearest inside it, and makes one over a rule alone a point', async () => {
    const [, table, rule] = blocks()
    const { comments, documentXml } = await exported([
      comment('The whole table', { from: table!.from, to: table!.to }),
      comment('The rule', { from: rule!.from, to: rule!.to }),
    ])
    expect(wordTextBetween(documentXml, comments[0]!.id)).toBe('2016\n450,000\n2023\n880,000')
    // Nothing inline over the rule: a point where the next text starts.
    expect(wordTextBetween(documentXml, comments[1]!.id)).toBe('')
    expect(documentXml).toMatch(
      /<w:commentRangeStart w:id="1"\/><w:commentRangeEnd w:id="1"\/><w:r><w:commentReference w:id="1"\/><\/w:r><w:r><w:t xml:space="preserve">After the rule\.<\/w:t>/,
    )
  })

  it('puts a comment it cannot place at the start of the title, quoting its text, as it does one on deleted text', async () => {
    const { comments, documentXml } = await exported([comment('Check this.', 'unknown'), comment('Gone.', 'deleted')])
    expect(comments.map(({ text }) => text)).toEqual(['On text “the table”: Check this.', 'On deleted text “the table”: Gone.'])
    expect(documentXml).toContain(
      '<w:commentRangeStart w:id="0"/><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:commentRangeStart w:id="1"/><w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r><w:r><w:t xml:space="preserve">Counts</w:t>',
    )
  })

  it('writes the same file as without comments when asked for them but none are open', async () => {
    const { meta } = newDocumentContent({ kind: 'case-study', title: 'Counts' })
    const strip = (xml: string | null | undefined) => xml!.replace(/ r:id="[^"]*"/g, '')
    const [plain] = await docxParts(await toDocx(meta, BODY), 'word/document.xml')
    const [empty] = await docxParts(await toDocx(meta, BODY, []), 'word/document.xml')
    expect(strip(empty)).toBe(strip(plain))
  })
})
