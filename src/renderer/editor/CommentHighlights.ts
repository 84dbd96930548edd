import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view'

/** A comment's text in the body, to highlight. */
export interface Highlight {
  thread: string
  from: number
  to: number
  active: boolean
}

const key = new PluginKey<DecorationSet>('commentHighlights')

/**
 * Highlights the text comments point at, with decorations rather than marks: the body stays as it
 * is, so comments reach neither exports nor version comparisons. The margin sets them (setHighlights)
 * from the anchors whenever the body or the comments change; between, they follow the edits.
 */
export const CommentHighlights = Extension.create({
  name: 'commentHighlights',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key,
        state: {
          init: () => DecorationSet.empty,
          apply: (transaction, set) => {
            const highlights = transaction.getMeta(key) as Highlight[] | undefined
            return highlights ? decorate(transaction, highlights) : set.map(transaction.mapping, transaction.doc)
          },
        },
        props: { decorations: (state) => key.getState(state) },
      }),
    ]
  },
})

/** How many highlights the body shows now: a remote change, which y-tiptap applies by replacing the blocks it touched, drops those in them. */
export function highlightCount(state: EditorState): number {
  return key.getState(state)?.find().length ?? 0
}

/**
 * The transaction that shows these highlights. It carries the page's selection where the body has
 * the focus: ProseMirror reads a selection the browser moved (a click, End, arrows) only on the
 * page's next selectionchange, and a transaction before that would put the old one back.
 */
export function setHighlights(view: EditorView, highlights: Highlight[]): Transaction {
  const transaction = view.state.tr.setMeta(key, highlights).setMeta('addToHistory', false)
  const selection = view.hasFocus() ? view.dom.ownerDocument.getSelection() : null
  if (!selection?.anchorNode || !selection.focusNode || !view.dom.contains(selection.anchorNode) || !view.dom.contains(selection.focusNode)) return transaction
  const anchor = view.posAtDOM(selection.anchorNode, selection.anchorOffset)
  const head = view.posAtDOM(selection.focusNode, selection.focusOffset)
  const { selection: held } = view.state
  if (!(held instanceof TextSelection) || (held.anchor === anchor && held.head === head)) return transaction
  return transaction.setSelection(TextSelection.create(transaction.doc, anchor, head))
}

function decorate(transaction: Transaction, highlights: Highlight[]): DecorationSet {
  const size = transaction.doc.content.size
  const decorations = highlights
    .filter(({ from, to }) => from >= 0 && to <= size && from < to)
    .map(({ thread, from, to, active }) =>
      Decoration.inline(from, to, { class: active ? 'comment-highlight comment-highlight-active' : 'comment-highlight', 'data-thread': thread }),
    )
  return DecorationSet.create(transaction.doc, decorations)
}
