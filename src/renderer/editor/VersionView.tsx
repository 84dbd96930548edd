import type { JSONContent } from '@tiptap/core'
import { useEffect, useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CasebookApi } from '../../shared/ipc/contract.js'
import { bodyChanges } from '../../shared/model/bodyChanges.js'
import type { VersionInfo } from '../../shared/model/version.js'
import { errorText } from '../i18n/errorText.js'
import { STATUS_LABELS } from '../i18n/modelLabels.js'
import { useFormats } from '../i18n/useFormats.js'
import { imageStore } from './images/imageStore.js'
import { ReadOnlyBody } from './ReadOnlyBody.js'

interface Props {
  api: CasebookApi
  id: string
  version: VersionInfo
  /** A viewer reads versions but restores none: the relay would refuse the edit. */
  readOnly: boolean
  onClose: () => void
  /** The version was restored; `before` is the version of the text as it was. */
  onRestored: (before: VersionInfo) => void
}

/**
 * One version, read-only, in the editor's place: by default the text as it is now with what changed
 * since the version marked, or the version's own text; and restoring it, once confirmed.
 */
export function VersionView({ api, id, version, readOnly, onClose, onRestored }: Props) {
  const { t } = useTranslation()
  const format = useFormats()
  const compareId = useId()
  const [bodies, setBodies] = useState<{ body: JSONContent; current: JSONContent } | Error | null>(null)
  const [comparing, setComparing] = useState(true)
  const [restore, setRestore] = useState<'confirming' | 'restoring' | Error | null>(null)

  useEffect(() => {
    let current = true
    setBodies(null)
    api.request('library.version', { id, versionId: version.id }).then(
      (found) => current && setBodies(found),
      (error: Error) => current && setBodies(error),
    )
    return () => {
      current = false
    }
  }, [api, id, version.id])
  const changes = useMemo(() => (bodies && !(bodies instanceof Error) ? bodyChanges(bodies.body, bodies.current) : null), [bodies])

  const restoreNow = async () => {
    setRestore('restoring')
    try {
      const before = await api.request('library.restoreVersion', {
        id,
        versionId: version.id,
        label: t('version.beforeRestoring', { label: version.label }).slice(0, 100),
      })
      onRestored(before)
    } catch (error) {
      setRestore(error as Error)
    }
  }

  return (
    <section className="version-view" aria-labelledby={`${compareId}-heading`}>
      <header className="version-header">
        <div className="version-title">
          <h2 id={`${compareId}-heading`}>{t('version.heading', { label: version.label })}</h2>
          <button type="button" className="quiet" onClick={onClose}>
            {t('version.back')}
          </button>
        </div>
        <p className="hint">
          {t('version.byline', { author: version.author, time: format.moment(version.createdAt) })}
          {version.status && ` · ${t('version.status', { status: t(STATUS_LABELS[version.status]) })}`}
        </p>
        <div className="version-actions">
          <label className="check">
            <input type="checkbox" checked={comparing} onChange={(event) => setComparing(event.target.checked)} />
            {t('version.compare')}
          </label>
          {!readOnly && restore === null && (
            <button type="button" onClick={() => setRestore('confirming')}>
              {t('version.restore')}
            </button>
          )}
        </div>
        {(restore === 'confirming' || restore === 'restoring') && (
          <div className="confirm" role="group" aria-label={t('version.restore')}>
            <p>{t('version.restoreExplain')}</p>
            <button type="button" disabled={restore === 'restoring'} onClick={() => void restoreNow()}>
              {t('version.confirmRestore')}
            </button>
            <button type="button" className="quiet" disabled={restore === 'restoring'} onClick={() => setRestore(null)}>
              {t('version.cancel')}
            </button>
          </div>
        )}
        {restore instanceof Error && (
          <p role="alert" className="problem">
            {errorText(t, format, restore)}
          </p>
        )}
      </header>
      {bodies === null && <p role="status">{t('version.opening')}</p>}
      {bodies instanceof Error && (
        <p role="alert" className="problem">
          {errorText(t, format, bodies)}
        </p>
      )}
      {bodies && !(bodies instanceof Error) && changes && (
        <div className="editor">
          {comparing && (
            <p className="change-legend">
              {changes.length === 0 ? (
                t('version.noChanges')
              ) : (
                <>
                  <ins className="change-added">{t('version.added')}</ins> <del className="change-removed">{t('version.removed')}</del>
                </>
              )}
            </p>
          )}
          {comparing ? (
            <ReadOnlyBody content={bodies.current} changes={changes} label={t('version.changesBody')} images={imageStore(api)} />
          ) : (
            <ReadOnlyBody content={bodies.body} label={t('version.versionBody')} images={imageStore(api)} />
          )}
        </div>
      )}
    </section>
  )
}
