import { Extension } from '@tiptap/core'
import type { Node } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import type { BodyChange } from '../../shared/model/bodyChanges.js'

/**
 * Shows a body's changes since a version (bodyChanges) as decorations, which leave the body as it
 * is: what was added highlighted, what was removed struck through where it stood.
 */
export const ChangeHighlights = Extension.create<{ changes: BodyChange[] }>({
  name: 'changeHighlights',
  addOptions: () => ({ changes: [] }),
  addProseMirrorPlugins() {
    const { changes } = this.options
    const key = new PluginKey<DecorationSet>('changeHighlights')
    return [
      new Plugin({
        key,
        state: {
          init: (_config, state) =>
            DecorationSet.create(
              state.doc,
              changes.flatMap((change) => decorations(state.doc, change)),
            ),
          apply: (transaction, set) => set.map(transaction.mapping, transaction.doc),
        },
        props: { decorations: (state) => key.getState(state) },
      }),
    ]
  },
})

function decorations(doc: Node, { from, to, removed }: BodyChange): Decoration[] {
  const shown: Decoration[] = []
  if (removed) {
    // Between blocks a removed block stands as a block; inside one, as words.
    const inline = doc.resolve(from).parent.inlineContent
    shown.push(Decoration.widget(from, () => removedElement(removed, inline), { side: -1, ignoreSelection: true }))
  }
  if (to > from) shown.push(Decoration.inline(from, to, { class: 'change-added', nodeName: 'ins' }))
  return shown
}

function removedElement(text: string, inline: boolean): HTMLElement {
  const removed = document.createElement('del')
  removed.className = 'change-removed'
  removed.textContent = text
  if (inline) return removed
  const block = document.createElement('p')
  block.className = 'change-removed-block'
  block.append(removed)
  return block
}
