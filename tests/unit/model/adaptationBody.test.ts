import type { JSONContent } from '@tiptap/core'
import { describe, expect, it } from 'vitest'
import { adaptationBody } from '../../../src/shared/model/adaptationBody.js'
import { schema } from '../../../src/shared/model/schema.js'
import { templateBody } from '../../../src/shared/model/templates.js'

const heading = (text: string, level = 2): JSONContent => ({ type: 'heading', attrs: { level }, content: [{ type: 'text', text }] })
const paragraph = (text: string): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text }] })

describe('adaptationBody', () => {
  const source: JSONContent = {
    type: 'doc',
    content: [
      heading('Lagos BRT', 1),
      heading('Summary'),
      paragraph('Lagos built 22 km of bus lanes.'),
      heading('Transferability'),
      paragraph('Works where a city owns its arterial roads.'),
      heading('Conditions', 3),
      { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph('A transit authority')] }] },
      heading('Contacts'),
      paragraph('brt@lagos.example'),
    ],
  }

  it("keeps the source's section headings over empty paragraphs, and quotes its Transferability section whole", () => {
    const body = adaptationBody(source, 'case-study', 'en')
    expect(body).toEqual({
      type: 'doc',
      content: [
        heading('Summary'),
        { type: 'paragraph' },
        heading('Transferability'),
        {
          type: 'blockquote',
          content: [
            paragraph('Works where a city owns its arterial roads.'),
            heading('Conditions', 3),
            { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph('A transit authority')] }] },
          ],
        },
        heading('Contacts'),
        { type: 'paragraph' },
      ],
    })
    // What the editor and the library will store.
    expect(() => schema.nodeFromJSON(body).check()).not.toThrow()
  })

  it('finds Transferability in any language a template has it in, whatever its case', () => {
    const spanish = { type: 'doc', content: [heading('Resumen'), paragraph('x'), heading('transferibilidad'), paragraph('Depende del marco legal.')] }
    const body = adaptationBody(spanish, 'lessons-learned', 'en')
    expect(body.content?.[3]).toEqual({ type: 'blockquote', content: [paragraph('Depende del marco legal.')] })
  })

  it('leaves an empty Transferability section empty rather than quote nothing', () => {
    const empty = { type: 'doc', content: [heading('Transferability'), { type: 'paragraph' }, heading('Contacts')] }
    expect(adaptationBody(empty, 'case-study', 'en').content).toEqual([
      heading('Transferability'),
      { type: 'paragraph' },
      heading('Contacts'),
      { type: 'paragraph' },
    ])
  })

  it("gives a source with no sections the template of the adaptation's kind in its language", () => {
    const notes = { type: 'doc', content: [paragraph('Free text only.')] }
    expect(adaptationBody(notes, 'lessons-learned', 'fr')).toEqual(templateBody('lessons-learned', 'fr'))
  })
})
