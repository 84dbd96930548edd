import { memo, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CommentsView } from '../../shared/ipc/contract.js'
import type { AnchorPlace } from '../../shared/model/commentAnchor.js'
import type { CommentThread } from '../../shared/model/commentThreads.js'
import { mayActOn } from '../../shared/protocol/commentEvents.js'
import { useFormats } from '../i18n/useFormats.js'
import { caretLabel } from '../shared/caretLabel.js'

/** What a card asks of the margin: a reply, a resolve or reopen, or a new anchor at the selection. */
export type ThreadAction = { kind: 'reply'; body: string } | { kind: 'resolve' | 'reopen' } | { kind: 'reanchor' }

interface Props {
  thread: CommentThread
  state: AnchorPlace['state']
  you: CommentsView['you']
  active: boolean
  onAction: (thread: string, action: ThreadAction) => Promise<void>
  onFocus: (thread: string) => void
}

/** One thread: the comment, its replies, a reply box, and resolve or reopen for its author or a facilitator. */
export const CommentThreadCard = memo(function CommentThreadCard({ thread, state, you, active, onAction, onFocus }: Props) {
  const { t } = useTranslation()
  const format = useFormats()
  const [reply, setReply] = useState('')
  const [busy, setBusy] = useState(false)
  const mayAct = you.mayComment && mayActOn({ by: you.name, ...(you.city ? { city: you.city } : {}), role: you.role }, thread)
  const act = async (action: ThreadAction) => {
    setBusy(true)
    try {
      await onAction(thread.id, action)
      if (action.kind === 'reply') setReply('')
    } finally {
      setBusy(false)
    }
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (reply.trim()) void act({ kind: 'reply', body: reply.trim() })
  }
  return (
    <article
      className={`comment-thread${active ? ' comment-thread-active' : ''}${thread.resolved ? ' comment-thread-resolved' : ''}`}
      data-thread={thread.id}
      aria-label={t('comments.threadBy', { name: byline(thread) })}
      onFocus={() => onFocus(thread.id)}
    >
      {state !== 'anchored' && (
        <p className="comment-state">
          {state === 'waiting' ? t('comments.waiting') : t('comments.orphan')} <q>{thread.quote}</q>
        </p>
      )}
      <CommentEntry by={byline(thread)} at={thread.at} body={thread.body} format={format} />
      {thread.replies.map((entry) => (
        <CommentEntry key={entry.id} by={byline(entry)} at={entry.at} body={entry.body} format={format} reply />
      ))}
      {thread.resolved && <p className="comment-resolved">{t('comments.resolved')}</p>}
      {!thread.resolved && you.mayComment && (
        <form className="comment-reply" onSubmit={submit}>
          <textarea
            aria-label={t('comments.replyLabel')}
            placeholder={t('comments.replyPlaceholder')}
            rows={1}
            value={reply}
            onChange={(event) => setReply(event.target.value)}
          />
          {reply.trim() && (
            <button type="submit" className="comment-reply-button" disabled={busy}>
              {t('comments.reply')}
            </button>
          )}
        </form>
      )}
      {mayAct && (
        <div className="comment-actions">
          {state === 'orphan' && !thread.resolved && (
            <button
              type="button"
              className="comment-action"
              disabled={busy}
              // The page's selection is the new place: a viewer's body cannot keep it once the button takes the focus.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => void act({ kind: 'reanchor' })}
            >
              {t('comments.reanchor')}
            </button>
          )}
          <button type="button" className="comment-action" disabled={busy} onClick={() => void act({ kind: thread.resolved ? 'reopen' : 'resolve' })}>
            {thread.resolved ? t('comments.reopen') : t('comments.resolve')}
          </button>
        </div>
      )}
    </article>
  )
})

function byline({ by, city }: { by: string; city?: string }): string {
  return caretLabel({ name: by, ...(city ? { city } : {}) })
}

function CommentEntry({ by, at, body, format, reply }: { by: string; at: number; body: string; format: ReturnType<typeof useFormats>; reply?: boolean }) {
  const iso = new Date(at).toISOString()
  return (
    <div className={reply ? 'comment-entry comment-entry-reply' : 'comment-entry'}>
      <p className="comment-byline">
        <strong>{by}</strong> <time dateTime={iso}>{format.moment(iso)}</time>
      </p>
      <p className="comment-body">{body}</p>
    </div>
  )
}
