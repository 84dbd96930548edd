import { EditorState } from '@tiptap/pm/state'
import type { DecorationSet } from '@tiptap/pm/view'
import { describe, expect, it } from 'vitest'
import { sectionHintsPlugin } from '../../../src/renderer/editor/SectionHints.js'
import type { Language } from '../../../src/shared/model/languages.js'
import { schema } from '../../../src/shared/model/schema.js'

/** The hints the editor shows for a body, as the editor's plugin computes them in that language. */
function hintsShown(content: object[], language: Language, switchTo?: Language): string[] {
  const plugin = sectionHintsPlugin(language)
  let state = EditorState.create({ schema, doc: schema.nodeFromJSON({ type: 'doc', content }), plugins: [plugin] })
  if (switchTo) state = state.apply(state.tr.setMeta(plugin.spec.key!, switchTo))
  const decorations = plugin.props.decorations!.call(plugin, state) as DecorationSet
  return decorations.find().map((decoration) => (decoration as unknown as { type: { attrs: Record<string, string> } }).type.attrs['data-placeholder']!)
}

const heading = (text: string) => ({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text }] })
const empty = { type: 'paragraph' }

describe('the editor’s section hints', () => {
  it('are in the document’s language, outside the templates too', () => {
    expect(hintsShown([empty], 'es')).toEqual(['Empiece a escribir…'])
    expect(hintsShown([heading('Presupuesto'), empty], 'es')).toEqual(['Escriba sobre «Presupuesto»…'])
    // "Actions" is a French section as well as an English one: a French document gets the French hint.
    expect(hintsShown([heading('Actions'), empty], 'fr')).toEqual(['Qui fait quoi, et pour quand.'])
    expect(hintsShown([heading('Actions'), empty], 'en')).toEqual(['Who does what, by when.'])
  })

  it('follow the document when its language is set', () => {
    expect(hintsShown([heading('Resumen'), empty, heading('Presupuesto'), empty], 'en', 'es')).toEqual([
      'En tres o cuatro oraciones: qué hizo la ciudad y qué resultados obtuvo.',
      'Escriba sobre «Presupuesto»…',
    ])
  })
})
