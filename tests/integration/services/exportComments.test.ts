import { Node } from '@tiptap/pm/model'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Printer } from '../../../src/main/export/Printer.js'
import { Services } from '../../../src/main/services/services.js'
import { BodyPositions } from '../../../src/shared/model/commentAnchor.js'
import { readBody } from '../../../src/shared/model/documentBody.js'
import { schema } from '../../../src/shared/model/schema.js'
import { inProcessApi } from '../../helpers/api.js'
import { docxParts } from '../../helpers/docxParts.js'
import { TempDirs } from '../../helpers/tempDirs.js'
import { wordComments, wordTextBetween } from '../../helpers/wordComments.js'

const NO_PRINTER: Printer = {
  print: () => Promise.reject(new Error('no PDF here')),
  close: async () => {},
}

describe('documents.export with comments', () => {
  const dirs = new TempDirs('casebook-export-comments-')
  let services: Services
  let api: ReturnType<typeof inProcessApi>
  let id: string
  beforeEach(async () => {
    services = await Services.start(dirs.make(), { printer: NO_PRINTER })
    api = inProcessApi(services)
    const markdown = '---\ntitle: Lima cycle lanes\ncity: Lima\n---\n\nLanes doubled in 2024.\n'
    ;({ id } = (await api.request('library.import', { name: 'lima.md', bytes: new TextEncoder().encode(markdown) })).row)
    const handle = await services.library.open(id)
    try {
      let from = -1
      Node.fromJSON(schema, readBody(handle.doc)).descendants((node, pos) => {
        if (from < 0 && node.isText && node.text!.includes('doubled')) from = pos + node.text!.indexOf('doubled')
      })
      const anchor = new BodyPositions(handle.doc).anchorOf(from, from + 'doubled'.length)
      await services.library.addComment(id, {
        id: '0123456789abcdef',
        thread: '0123456789abcdef',
        by: 'Rosa Quispe',
        city: 'Lima',
        role: 'member',
        kind: 'comment',
        anchor,
        quote: 'doubled',
        body: 'From what length?',
        at: Date.UTC(2026, 0, 5),
      })
    } finally {
      await handle.close()
    }
  })
  afterEach(async () => {
    await api.close()
    await services.stop()
    dirs.removeAll()
  })

  it('puts the open comments into the Word file only when asked', async () => {
    const asked = await api.request('documents.export', { id, format: 'docx', comments: true })
    const [comments, documentXml] = await docxParts(asked.bytes, 'word/comments.xml', 'word/document.xml')
    const written = wordComments(comments!)
    expect(written.map(({ author, text }) => ({ author, text }))).toEqual([{ author: 'Rosa Quispe (Lima)', text: 'From what length?' }])
    expect(wordTextBetween(documentXml!, written[0]!.id)).toBe('doubled')

    const plain = await api.request('documents.export', { id, format: 'docx' })
    const [plainComments] = await docxParts(plain.bytes, 'word/comments.xml')
    expect(plainComments).not.toContain('<w:comment ')
    // Other formats have no place for them, and are written as ever.
    const markdown = await api.request('documents.export', { id, format: 'md', comments: true })
    expect(new TextDecoder().decode(markdown.bytes)).not.toContain('From what length?')
  })
})
