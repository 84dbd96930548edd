import { useEffect, useState } from 'react'
import type { ErrorCode } from '../../shared/errors.js'
import type { BackendEvent, CasebookApi } from '../../shared/ipc/contract.js'

type SyncError = Extract<BackendEvent, { type: 'sync-error' }>

/** What the user can do about each failure; anything else Casebook retries by itself. */
const WHAT_TO_DO: Partial<Record<ErrorCode, string>> = {
  MESSAGE_TOO_LARGE: 'Remove the very large item from it (often a pasted picture, or a link holding one), and Casebook will send it again.',
  ACCESS_REFUSED: 'Check on the Networks screen that your invite still works, or ask the network’s facilitator.',
  RELAY_PROTOCOL: 'Ask the network’s facilitator whether the relay’s address is right.',
}
const RETRIED = 'Casebook will try again when the document changes, or when Casebook starts again.'

/**
 * A calm notice for each document the background sync could not sync: which document, why, and what
 * the user can do. It goes once the document syncs, or when dismissed.
 */
export function SyncErrorNotices({ api }: { api: CasebookApi }) {
  const [errors, setErrors] = useState<SyncError[]>([])
  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'sync-error') setErrors((shown) => [...shown.filter((error) => error.id !== event.id), event])
        else if (event.type === 'sync-state' && (event.state === 'synced' || event.state === 'saved'))
          setErrors((shown) => shown.filter((error) => error.id !== event.id))
      }),
    [api],
  )
  if (errors.length === 0) return null
  return (
    <section className="sync-errors" aria-label="Sync problems">
      {errors.map((error) => (
        <div key={error.id} className="notice sync-error" role="status">
          <p>
            <strong>
              {error.title ? `“${error.title}”` : `Document ${error.id}`} could not be synced with {error.network}.
            </strong>{' '}
            {error.message}
          </p>
          <p>It is safe on this device. {WHAT_TO_DO[error.code] ?? RETRIED} The details are in Casebook’s log (logs/casebook.log in its data folder).</p>
          <button type="button" onClick={() => setErrors((shown) => shown.filter((other) => other.id !== error.id))}>
            Dismiss
          </button>
        </div>
      ))}
    </section>
  )
}
