import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CasebookApi } from '../../shared/ipc/contract.js'
import type { DocumentStatus } from '../../shared/model/meta.js'
import { movesFor } from '../../shared/model/workflow.js'
import type { Role } from '../../shared/protocol/invite.js'
import { errorText } from '../i18n/errorText.js'
import type { Key } from '../i18n/keys.js'
import { STATUS_LABELS } from '../i18n/modelLabels.js'
import { useFormats } from '../i18n/useFormats.js'
import type { ReviewState } from '../editor/useReview.js'
import { useNetworkLabel } from '../shared/useNetworkLabel.js'

/** Each step's button, and the label of the version saved as it is taken. */
const STEPS: Record<DocumentStatus, { button: Key; version: Key }> = {
  draft: { button: 'workflow.toDraft', version: 'workflow.version.draft' },
  submitted: { button: 'workflow.submit', version: 'workflow.version.submitted' },
  'in-review': { button: 'workflow.toReview', version: 'workflow.version.inReview' },
  published: { button: 'workflow.publish', version: 'workflow.version.published' },
  archived: { button: 'workflow.archive', version: 'workflow.version.archived' },
}

interface Props {
  api: CasebookApi
  id: string
  role: Role
  state: ReviewState
}

/**
 * Where the document stands in its network's review (workflow.ts), the facilitator's note, and the
 * steps the user's role may take from there: a member submits or withdraws; a facilitator reviews,
 * publishes, archives or sends back, with a note to the authors. The back end checks the role again,
 * and the relay stores only a facilitator's changes to the catalog.
 */
export function WorkflowPanel({ api, id, role, state }: Props) {
  const { t } = useTranslation()
  const networkLabel = useNetworkLabel()
  const format = useFormats()
  const noteId = useId()
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState<'working' | Error | null>(null)

  const { review, editedSincePublished: edited, reload } = state
  if (!review) return null
  const moves = movesFor(role, review.status)
  const step = async (to: DocumentStatus) => {
    setBusy('working')
    try {
      // A member takes back their own request; a facilitator decides.
      const withdrawing = role === 'member' && to === 'draft'
      const label = withdrawing ? t('workflow.version.withdrawn') : t(STEPS[to].version)
      if (to === 'submitted' || withdrawing) await api.request('documents.submit', { id, submit: to === 'submitted', label })
      else await api.request('documents.decide', { id, to, label, ...(note.trim() ? { note: note.trim() } : {}) })
      setNote('')
      setBusy(null)
      await reload()
    } catch (error) {
      setBusy(error as Error)
    }
  }

  return (
    <section className="workflow" aria-label={t('workflow.title')}>
      <p className="workflow-status">
        <span className={`status-pill status-${review.status}`}>{t(STATUS_LABELS[review.status])}</span>
        {review.by && <span className="hint">{t('workflow.byline', { by: review.by, time: format.moment(review.at) })}</span>}
      </p>
      {edited && <p className="notice">{t('workflow.edited')}</p>}
      {review.note && (
        <blockquote className="workflow-note">
          <p>{review.note}</p>
          <footer>{t('workflow.noteBy', { by: review.by })}</footer>
        </blockquote>
      )}
      {role === 'facilitator' && moves.some((to) => to !== 'submitted') && (
        <>
          <label htmlFor={noteId}>{t('workflow.noteLabel')}</label>
          <textarea id={noteId} rows={2} maxLength={1000} value={note} onChange={(event) => setNote(event.target.value)} />
        </>
      )}
      <div className="workflow-steps">
        {moves
          .filter((to) => role !== 'facilitator' || to !== 'submitted')
          .map((to) => (
            <button key={to} type="button" className={to === 'published' ? 'primary' : ''} disabled={busy === 'working'} onClick={() => void step(to)}>
              {to === 'draft' && review.status === 'submitted' && role === 'member' ? t('workflow.withdraw') : t(STEPS[to].button)}
            </button>
          ))}
      </div>
      {busy instanceof Error && (
        <p role="alert" className="problem">
          {errorText(t, format, busy, networkLabel)}
        </p>
      )}
    </section>
  )
}
