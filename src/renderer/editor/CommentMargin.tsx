import type { Editor } from '@tiptap/react'
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { BodyPositions, type AnchorPlace } from '../../shared/model/commentAnchor.js'
import { type CommentThread, openCount } from '../../shared/model/commentThreads.js'
import { MAX_QUOTE_CHARS, type EncodedAnchor } from '../../shared/protocol/commentEvents.js'
import { errorText } from '../i18n/errorText.js'
import { useFormats } from '../i18n/useFormats.js'
import { highlightCount, setHighlights } from './CommentHighlights.js'
import { CommentThreadCard, type ThreadAction } from './CommentThreadCard.js'
import type { CommentsSource } from './CommentsSource.js'
import type { LiveDocument } from './liveDocument.js'
import { useComments } from './useComments.js'

interface Props {
  comments: CommentsSource
  peer: LiveDocument
  editor: Editor | null
}

/** While the threads load: the same empty list each render, so that what is placed from them is not placed again. */
const NO_THREADS: CommentThread[] = []

/** Space between two cards in the margin, in pixels. */
const GAP = 8

/**
 * The document's comment threads in the margin, each beside its text and none over another; the
 * text they point at highlighted in the body. Anyone who may read the document may comment, a viewer
 * too: select words, then Comment (or Ctrl/⌘+Alt+M). Threads whose text is not in the body (deleted,
 * or still to arrive) are listed under it.
 */
export function CommentMargin({ comments, peer, editor }: Props) {
  const { t } = useTranslation()
  const format = useFormats()
  const { view, add } = useComments(comments)
  const [showResolved, setShowResolved] = useState(false)
  const [draft, setDraft] = useState<{ anchor: EncodedAnchor; quote: string } | null>(null)
  const [active, setActive] = useState<string | null>(null)
  const [problem, setProblem] = useState<Error | string | null>(null)
  const body = useBodyVersion(peer)
  const cards = useRef<HTMLDivElement>(null)

  const threads = view && !(view instanceof Error) ? view.threads : NO_THREADS
  const places = useMemo(() => {
    void body
    const positions = new BodyPositions(peer.doc)
    const placed = new Map<string, AnchorPlace>(threads.map((thread) => [thread.id, positions.place(thread.anchor, thread.quote)]))
    return { placed, draft: draft ? positions.place(draft.anchor, draft.quote) : null }
  }, [peer, threads, draft, body])
  const [anchored, elsewhere] = useMemo(() => {
    const shown = threads.filter((thread) => showResolved || !thread.resolved)
    const inText = (thread: CommentThread) => places.placed.get(thread.id)?.state === 'anchored'
    return [shown.filter(inText), shown.filter((thread) => !inText(thread))]
  }, [threads, places, showResolved])
  const open = openCount(threads)

  // Set again only when they moved or some were dropped (highlightCount): a body redrawn under a click could lose it.
  const shownHighlights = useRef('')
  useEffect(() => {
    if (!editor || editor.isDestroyed) return
    const highlights = anchored.map((thread) => {
      const place = places.placed.get(thread.id) as Extract<AnchorPlace, { state: 'anchored' }>
      return { thread: thread.id, from: place.from, to: place.to, active: thread.id === active }
    })
    const key = JSON.stringify(highlights)
    if (key === shownHighlights.current && highlightCount(editor.state) === highlights.length) return
    shownHighlights.current = key
    editor.view.dispatch(setHighlights(editor.view, highlights))
  }, [editor, anchored, places, active])

  const startComment = useCallback(() => {
    if (!editor) return
    const words = selectedWords(editor, peer)
    if (!words) return setProblem(t('comments.selectFirst'))
    setProblem(null)
    setDraft(words)
  }, [editor, peer, t])

  // Ctrl/⌘+Alt+M wherever the focus is in the window, a viewer's read-only body included. The code, not the key: Alt changes the character on some layouts.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.altKey && !event.shiftKey && event.code === 'KeyM') {
        event.preventDefault()
        startComment()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [startComment])

  // A click on highlighted text brings its thread forward (setHighlights keeps the caret the click put).
  useEffect(() => {
    const dom = editor?.view.dom
    if (!dom) return
    const onClick = (event: MouseEvent) => {
      const thread = (event.target as HTMLElement).closest<HTMLElement>('.comment-highlight')?.dataset['thread']
      if (thread) setActive(thread)
    }
    dom.addEventListener('click', onClick)
    return () => dom.removeEventListener('click', onClick)
  }, [editor])

  const act = useCallback(
    async (thread: string, action: ThreadAction) => {
      setProblem(null)
      try {
        if (action.kind !== 'reanchor') return await add({ thread, ...action })
        const words = editor && selectedWords(editor, peer)
        if (!words) return setProblem(t('comments.selectToReanchor'))
        await add({ kind: 'reanchor', thread, ...words })
      } catch (error) {
        setProblem(error as Error)
      }
    },
    [add, editor, peer, t],
  )

  const layout = useCallback(() => {
    const container = cards.current
    if (!container || !editor || editor.isDestroyed) return
    // Every read first, then every write: one layout of the page, however many threads.
    const top = container.getBoundingClientRect().top
    const size = editor.state.doc.content.size
    const placedCards = [...container.children].map((element) => {
      const from = Math.min(Number((element as HTMLElement).dataset['from']), size)
      return { element: element as HTMLElement, wanted: editor.view.coordsAtPos(from).top - top, height: (element as HTMLElement).offsetHeight }
    })
    placedCards.sort((a, b) => a.wanted - b.wanted)
    let bottom = 0
    const tops = placedCards.map(({ wanted, height }) => {
      const at = Math.max(wanted, bottom)
      bottom = at + height + GAP
      return at
    })
    placedCards.forEach(({ element }, index) => {
      element.style.transform = `translateY(${tops[index]}px)`
    })
    container.style.height = `${bottom}px`
  }, [editor])

  useLayoutEffect(layout)
  useEffect(() => {
    const dom = editor?.view.dom
    if (!dom) return
    const observer = new ResizeObserver(() => requestAnimationFrame(layout))
    observer.observe(dom)
    return () => observer.disconnect()
  }, [editor, layout])

  const post = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const text = new FormData(event.currentTarget).get('body')
    if (!draft || typeof text !== 'string' || !text.trim()) return
    try {
      await add({ kind: 'comment', anchor: draft.anchor, quote: draft.quote, body: text.trim() })
      setDraft(null)
    } catch (error) {
      setProblem(error as Error)
    }
  }

  if (view instanceof Error) {
    return (
      <aside className="comment-margin" aria-label={t('comments.label')}>
        <p role="alert" className="problem">
          {errorText(t, format, view)}
        </p>
      </aside>
    )
  }
  const draftFrom = places.draft?.state === 'anchored' ? places.draft.from : 0
  return (
    <aside className="comment-margin" aria-label={t('comments.label')}>
      <div className="comment-bar">
        <button
          hidden={view !== null && !view.you.mayComment}
          type="button"
          onMouseDown={(event) => event.preventDefault()}
          onClick={startComment}
          title={t('comments.shortcut')}
          aria-keyshortcuts="Control+Alt+M Meta+Alt+M"
        >
          {t('comments.add')}
        </button>
        <label className="check">
          <input type="checkbox" checked={showResolved} onChange={(event) => setShowResolved(event.target.checked)} />
          {t('comments.showResolved')}
        </label>
        <span className="hint">{t('comments.open', { count: open })}</span>
      </div>
      {problem && (
        <p role="alert" className="problem">
          {typeof problem === 'string' ? problem : errorText(t, format, problem)}
        </p>
      )}
      <div className="comment-cards" ref={cards}>
        {draft && (
          <div className="comment-card" data-from={draftFrom}>
            <form className="comment-thread comment-draft" onSubmit={post}>
              <p className="comment-state">
                <q>{draft.quote}</q>
              </p>
              {/* biome-ignore lint/a11y/noAutofocus: the box opens because Comment was pressed, to type the comment at once. */}
              <textarea name="body" autoFocus aria-label={t('comments.bodyLabel')} rows={3} />
              <div className="comment-actions">
                <button type="submit" className="comment-action">
                  {t('comments.post')}
                </button>
                <button type="button" className="comment-action" onClick={() => setDraft(null)}>
                  {t('comments.cancel')}
                </button>
              </div>
            </form>
          </div>
        )}
        {view &&
          anchored.map((thread) => (
            <div key={thread.id} className="comment-card" data-from={(places.placed.get(thread.id) as { from: number }).from}>
              <CommentThreadCard thread={thread} state="anchored" you={view.you} active={thread.id === active} onAction={act} onFocus={setActive} />
            </div>
          ))}
      </div>
      {view && elsewhere.length > 0 && (
        <section className="comments-elsewhere" aria-label={t('comments.elsewhere')}>
          <h3>{t('comments.elsewhere')}</h3>
          {elsewhere.map((thread) => (
            <CommentThreadCard
              key={thread.id}
              thread={thread}
              state={places.placed.get(thread.id)?.state ?? 'orphan'}
              you={view.you}
              active={thread.id === active}
              onAction={act}
              onFocus={setActive}
            />
          ))}
        </section>
      )}
    </aside>
  )
}

/**
 * The selected words as a comment takes them: their anchor, and their text, cut to MAX_QUOTE_CHARS
 * (a beginning of it, which an anchor whose items are gone can still be found by); null for none.
 */
function selectedWords(editor: Editor, peer: LiveDocument): { anchor: EncodedAnchor; quote: string } | null {
  const { from, to } = selectedRange(editor)
  const quote = editor.state.doc.textBetween(from, to, ' ', ' ').trim().slice(0, MAX_QUOTE_CHARS)
  return quote ? { anchor: new BodyPositions(peer.doc).anchorOf(from, to), quote } : null
}

/**
 * The words selected in the body. A viewer's body is not editable, and ProseMirror does not follow the
 * selection of a body that cannot take the focus: the page's selection is read then.
 */
function selectedRange(editor: Editor): { from: number; to: number } {
  const selection = window.getSelection()
  const range = selection && selection.rangeCount > 0 && !selection.isCollapsed ? selection.getRangeAt(0) : null
  if (editor.isEditable || !range || !editor.view.dom.contains(range.commonAncestorContainer)) return editor.state.selection
  return { from: editor.view.posAtDOM(range.startContainer, range.startOffset), to: editor.view.posAtDOM(range.endContainer, range.endOffset) }
}

/** A number that changes, once a frame at most, whenever the body changes: anchors are placed again then. */
function useBodyVersion(peer: LiveDocument): number {
  const [version, setVersion] = useState(0)
  useEffect(() => {
    let frame = 0
    const onUpdate = () => {
      if (frame) return
      frame = requestAnimationFrame(() => {
        frame = 0
        setVersion((current) => current + 1)
      })
    }
    peer.doc.on('update', onUpdate)
    return () => {
      peer.doc.off('update', onUpdate)
      cancelAnimationFrame(frame)
    }
  }, [peer])
  return version
}
