import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CasebookApi } from '../../shared/ipc/contract.js'
import type { VersionInfo } from '../../shared/model/version.js'
import { errorText } from '../i18n/errorText.js'
import { STATUS_LABELS } from '../i18n/modelLabels.js'
import { useFormats } from '../i18n/useFormats.js'

interface Props {
  api: CasebookApi
  id: string
  /** A viewer saves no versions: they would reach nobody. */
  readOnly: boolean
  selected: string | null
  onSelect: (version: VersionInfo) => void
  /** What happened last, such as a restore, said at the top. */
  note: string | null
}

/**
 * The document's versions, newest first, from every device of its network (the list follows what a
 * sync brings), and saving one with a name.
 */
export function HistoryPanel({ api, id, readOnly, selected, onSelect, note }: Props) {
  const { t } = useTranslation()
  const format = useFormats()
  const labelId = useId()
  const [versions, setVersions] = useState<VersionInfo[] | Error | null>(null)
  const [label, setLabel] = useState('')
  const [saving, setSaving] = useState<'saving' | { saved: string } | Error | null>(null)

  const load = useCallback(
    () =>
      api.request('library.versions', { id }).then(
        (found) => setVersions([...found].reverse()),
        (error: Error) => setVersions(error),
      ),
    [api, id],
  )
  useEffect(() => {
    void load()
    return api.onEvent((event) => {
      if (event.type === 'history-changed' && event.id === id) void load()
    })
  }, [api, id, load])

  const save = async (event: FormEvent) => {
    event.preventDefault()
    if (!label.trim()) return
    setSaving('saving')
    try {
      const version = await api.request('library.saveVersion', { id, label })
      setLabel('')
      setSaving({ saved: version.label })
    } catch (error) {
      setSaving(error as Error)
    }
  }

  return (
    <aside className="meta-panel history-panel" aria-label={t('history.label')}>
      <h2>{t('history.title')}</h2>
      {note && <p role="status">{note}</p>}
      {!readOnly && (
        <form onSubmit={(event) => void save(event)}>
          <label htmlFor={labelId}>{t('history.name')}</label>
          <input id={labelId} value={label} maxLength={100} onChange={(event) => setLabel(event.target.value)} placeholder={t('history.namePlaceholder')} />
          <button type="submit" disabled={!label.trim() || saving === 'saving'}>
            {t('history.save')}
          </button>
          {saving !== null && saving !== 'saving' && !(saving instanceof Error) && <p role="status">{t('history.saved', { label: saving.saved })}</p>}
          {saving instanceof Error && (
            <p role="alert" className="problem">
              {errorText(t, format, saving)}
            </p>
          )}
        </form>
      )}
      {versions === null && <p role="status">{t('history.loading')}</p>}
      {versions instanceof Error && (
        <p role="alert" className="problem">
          {errorText(t, format, versions)}
        </p>
      )}
      {Array.isArray(versions) && versions.length === 0 && <p className="hint">{t('history.empty')}</p>}
      {Array.isArray(versions) && versions.length > 0 && (
        <ol className="versions">
          {versions.map((version) => (
            <li key={version.id}>
              <button type="button" aria-pressed={selected === version.id} onClick={() => onSelect(version)}>
                <strong>{version.label}</strong>
                <span className="hint">
                  {t('history.byline', { author: version.author, time: format.moment(version.createdAt) })}
                  {version.status && ` · ${t(STATUS_LABELS[version.status])}`}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </aside>
  )
}
