import { useEffect, useState } from 'react'
import type { ErrorCode } from '../../shared/errors.js'
import type { CasebookApi, Notice } from '../../shared/ipc/contract.js'

/** What the user can do about each sync failure; anything else Casebook retries by itself. */
const WHAT_TO_DO: Partial<Record<ErrorCode, string>> = {
  MESSAGE_TOO_LARGE: 'Remove the very large item from it (often a pasted picture, or a link holding one), and Casebook will send it again.',
  ACCESS_REFUSED: 'Check on the Networks screen that your invite still works, or ask the network’s facilitator.',
  RELAY_PROTOCOL: 'Ask the network’s facilitator whether the relay’s address is right.',
}
const RETRIED = 'Casebook will try again when the document changes, or when Casebook starts again.'
const DETAILS = 'The details are in Casebook’s log (logs/casebook.log in its data folder).'

const sameNotice = (a: Notice, b: Notice) => a.type === b.type && a.id === b.id

/**
 * A calm notice for each document the back end could not sync, or could not save to disk: which
 * document, why, and what the user can do. The back end keeps the current ones, so a window that
 * starts later shows them too. A notice goes when dismissed, or, for a sync error, once the
 * document syncs.
 */
export function Notices({ api }: { api: CasebookApi }) {
  const [notices, setNotices] = useState<Notice[]>([])
  useEffect(() => {
    let current = true
    const stop = api.onEvent((event) => {
      if (event.type === 'sync-error' || event.type === 'save-error') setNotices((shown) => [...shown.filter((notice) => !sameNotice(notice, event)), event])
      else if (event.type === 'sync-state' && (event.state === 'synced' || event.state === 'saved'))
        setNotices((shown) => shown.filter((notice) => notice.type !== 'sync-error' || notice.id !== event.id))
    })
    // Those told before this window listened; one told since is newer.
    void api.request('app.notices', {}).then(
      (kept) => current && setNotices((shown) => [...kept.filter((notice) => !shown.some((other) => sameNotice(notice, other))), ...shown]),
      () => {},
    )
    return () => {
      current = false
      stop()
    }
  }, [api])
  if (notices.length === 0) return null
  const dismiss = (notice: Notice) => {
    setNotices((shown) => shown.filter((other) => !sameNotice(other, notice)))
    void api.request('app.dismissNotice', { type: notice.type, id: notice.id }).catch(() => {})
  }
  return (
    <section className="notices" aria-label="Problems">
      {notices.map((notice) => (
        <div key={`${notice.type} ${notice.id}`} className={`notice ${notice.type}`} role="status">
          <p>
            <strong>{headline(notice)}</strong> {notice.message}
          </p>
          <p>
            {notice.type === 'sync-error' ? `It is safe on this device. ${WHAT_TO_DO[notice.code] ?? RETRIED}` : SAVE_ADVICE} {DETAILS}
          </p>
          <button type="button" onClick={() => dismiss(notice)}>
            Dismiss
          </button>
        </div>
      ))}
    </section>
  )
}

const SAVE_ADVICE =
  'Your latest changes are still in the window, but not on this device’s disk, and no more will be saved until you open the document again. Free some space on the disk, and copy anything you cannot lose before you close it.'

function headline(notice: Notice): string {
  const name = notice.title ? `“${notice.title}”` : `Document ${notice.id}`
  return notice.type === 'sync-error' ? `${name} could not be synced with ${notice.network}.` : `${name}: a change could not be saved to disk.`
}
