import { Extension } from '@tiptap/core'
import type { Node } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import type { Language } from '../../shared/model/languages.js'
import { sectionHint } from '../../shared/model/sectionHints.js'

const key = new PluginKey<Language>('sectionHints')

/**
 * Template placeholders: an empty paragraph right under a heading shows what that section asks for
 * (`data-placeholder`, drawn by CSS), and so does the first paragraph of an empty document, in the
 * document's language (`language`, changed later with `showHintsIn`).
 * TipTap's Placeholder cannot do this: it asks for each hint while the editor's state is still the
 * previous one, so it cannot look at the heading above.
 */
export const SectionHints = Extension.create<{ language: Language }>({
  name: 'sectionHints',
  addOptions: () => ({ language: 'en' }),
  addProseMirrorPlugins() {
    return [sectionHintsPlugin(this.options.language)]
  },
})

/** The hints in another language, as when the document's language is set. */
export function showHintsIn(view: EditorView, language: Language): void {
  if (key.getState(view.state) !== language) view.dispatch(view.state.tr.setMeta(key, language))
}

export function sectionHintsPlugin(language: Language): Plugin<Language> {
  let last: { doc: Node; language: Language; decorations: DecorationSet } | null = null
  return new Plugin<Language>({
    key,
    state: { init: () => language, apply: (tr, shown) => (tr.getMeta(key) as Language | undefined) ?? shown },
    props: {
      decorations(state) {
        const shown = key.getState(state) ?? language
        if (last?.doc !== state.doc || last.language !== shown) last = { doc: state.doc, language: shown, decorations: hints(state.doc, shown) }
        return last.decorations
      },
    },
  })
}

function hints(doc: Node, language: Language): DecorationSet {
  const decorations: Decoration[] = []
  let previous: Node | null = null
  doc.forEach((child, offset) => {
    const emptyParagraph = child.type.name === 'paragraph' && child.content.size === 0
    if (emptyParagraph && previous?.type.name === 'heading') decorations.push(hint(offset, child, sectionHint(previous.textContent, language)))
    else if (emptyParagraph && doc.childCount === 1) decorations.push(hint(offset, child, sectionHint(undefined, language)))
    previous = child
  })
  return DecorationSet.create(doc, decorations)
}

function hint(offset: number, node: Node, text: string): Decoration {
  return Decoration.node(offset, offset + node.nodeSize, { class: 'is-empty', 'data-placeholder': text })
}
