import type { TFunction } from 'i18next'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ErrorCode } from '../../shared/errors.js'
import { errorFromReply, type CasebookApi, type Notice } from '../../shared/ipc/contract.js'
import { errorText } from '../i18n/errorText.js'
import type { Key } from '../i18n/keys.js'
import { useFormats } from '../i18n/useFormats.js'
import { useNetworkLabel } from '../shared/useNetworkLabel.js'

/** What the user can do about each sync failure; anything else Casebook retries by itself. */
const WHAT_TO_DO: Partial<Record<ErrorCode, Key>> = {
  MESSAGE_TOO_LARGE: 'notices.tooLarge',
  ACCESS_REFUSED: 'notices.accessRefused',
  RELAY_PROTOCOL: 'notices.relayProtocol',
}

const sameNotice = (a: Notice, b: Notice) => a.type === b.type && a.id === b.id

/**
 * A calm notice for each document the back end could not sync, or could not save to disk: which
 * document, why, and what the user can do; and for a workshop joined with its code that is over.
 * The back end keeps the current ones, so a window that
 * starts later shows them too. A notice goes when dismissed, or, for a sync error, once the
 * document syncs.
 */
export function Notices({ api }: { api: CasebookApi }) {
  const { t } = useTranslation()
  const format = useFormats()
  const networkLabel = useNetworkLabel()
  const [notices, setNotices] = useState<Notice[]>([])
  useEffect(() => {
    let current = true
    const stop = api.onEvent((event) => {
      if (event.type === 'sync-error' || event.type === 'save-error' || event.type === 'workshop-ended')
        setNotices((shown) => [...shown.filter((notice) => !sameNotice(notice, event)), event])
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
    <section className="notices" aria-label={t('notices.label')}>
      {notices.map((notice) => (
        <div key={`${notice.type} ${notice.id}`} className={`notice ${notice.type}`} role="status">
          {notice.type === 'workshop-ended' ? (
            <p>{workshopEnded(t, notice, networkLabel)}</p>
          ) : (
            <>
              <p>
                <strong>{headline(t, notice, networkLabel)}</strong> {errorText(t, format, errorFromReply(notice), networkLabel)}
              </p>
              <p>
                {notice.type === 'sync-error' ? `${t('notices.safeHere')} ${t(WHAT_TO_DO[notice.code] ?? 'notices.retried')}` : t('notices.saveAdvice')}{' '}
                {t('notices.details')}
              </p>
            </>
          )}
          <button type="button" onClick={() => dismiss(notice)}>
            {t('notices.dismiss')}
          </button>
        </div>
      ))}
    </section>
  )
}

/** A workshop joined with its code is over: its document stays, as a copy that no longer syncs. */
function workshopEnded(t: TFunction, { id, network, title, why }: Extract<Notice, { type: 'workshop-ended' }>, networkLabel: (id: string) => string): string {
  if (why === 'removed') return title ? t('workshop.ended.removed', { title }) : t('workshop.ended.removedUntitled', { id, network: networkLabel(network) })
  return title ? t('workshop.ended.ended', { title }) : t('workshop.ended.endedUntitled', { id, network: networkLabel(network) })
}

function headline(t: TFunction, notice: Exclude<Notice, { type: 'workshop-ended' }>, networkLabel: (id: string) => string): string {
  const { title, id } = notice
  if (notice.type === 'sync-error') {
    const network = networkLabel(notice.network)
    return title ? t('notices.syncFailed', { title, network }) : t('notices.syncFailedUntitled', { id, network })
  }
  return title ? t('notices.saveFailed', { title }) : t('notices.saveFailedUntitled', { id })
}
