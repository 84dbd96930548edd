import { Extension } from '@tiptap/core'
import type { Node } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { sectionHint } from '../../shared/model/sectionHints.js'

/**
 * Template placeholders: an empty paragraph right under a heading shows what that section asks for
 * (`data-placeholder`, drawn by CSS), and so does the first paragraph of an empty document.
 * TipTap's Placeholder cannot do this: it asks for each hint while the editor's state is still the
 * previous one, so it cannot look at the heading above.
 */
export const SectionHints = Extension.create({
  name: 'sectionHints',
  addProseMirrorPlugins() {
    let last: { doc: Node; decorations: DecorationSet } | null = null
    return [
      new Plugin({
        key: new PluginKey('sectionHints'),
        props: {
          decorations(state) {
            if (last?.doc !== state.doc) last = { doc: state.doc, decorations: hints(state.doc) }
            return last.decorations
          },
        },
      }),
    ]
  },
})

function hints(doc: Node): DecorationSet {
  const decorations: Decoration[] = []
  let previous: Node | null = null
  doc.forEach((child, offset) => {
    const emptyParagraph = child.type.name === 'paragraph' && child.content.size === 0
    if (emptyParagraph && previous?.type.name === 'heading') decorations.push(hint(offset, child, sectionHint(previous.textContent)))
    else if (emptyParagraph && doc.childCount === 1) decorations.push(hint(offset, child, sectionHint(undefined)))
    previous = child
  })
  return DecorationSet.create(doc, decorations)
}

function hint(offset: number, node: Node, text: string): Decoration {
  return Decoration.node(offset, offset + node.nodeSize, { class: 'is-empty', 'data-placeholder': text })
}
