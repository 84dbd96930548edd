import type { TFunction } from 'i18next'
import { Trans, useTranslation } from 'react-i18next'
import { isCasebookError } from '../../shared/errors.js'
import { errorText } from '../i18n/errorText.js'
import { warningText } from '../i18n/warningText.js'
import type { Formats } from '../i18n/formats.js'
import { useFormats } from '../i18n/useFormats.js'
import type { ImportEntry } from './useImport.js'

interface Props {
  entries: ImportEntry[]
  onOpen: (id: string) => void
  onDismiss: () => void
}

/**
 * Each file of an import as it goes, then what came of it: imported (and what was approximated) or
 * refused, and why. A status line tells a screen reader where the import is, without reading the list.
 */
export function ImportSummary({ entries, onOpen, onDismiss }: Props) {
  const { t } = useTranslation()
  const format = useFormats()
  if (!entries.length) return null
  const finished = entries.every((entry) => entry.state === 'imported' || entry.state === 'refused')
  return (
    <section className="import" aria-labelledby="import-title">
      <div className="import-header">
        <h2 id="import-title">{finished ? t('import.finished') : t('import.running')}</h2>
        {finished && (
          <button type="button" className="quiet" onClick={onDismiss}>
            {t('import.close')}
          </button>
        )}
      </div>
      <p role="status" className="import-status">
        {statusLine(t, entries)}
      </p>
      <ul className="import-files" aria-label={t('import.files')}>
        {entries.map((entry) => (
          <li key={entry.key} className={`import-file import-${entry.state}`}>
            <span className="import-mark" aria-hidden="true">
              {MARKS[entry.state]}
            </span>
            <span className="import-name">{entry.name}</span>
            <span className="import-outcome">
              {entry.state === 'waiting' && t('import.waiting')}
              {entry.state === 'importing' && t('import.importing')}
              {entry.state === 'refused' && t('import.refused', { reason: reasonFor(t, format, entry.name, entry.error) })}
              {entry.state === 'imported' && (
                <Trans
                  t={t}
                  i18nKey="import.importedAs"
                  values={{ title: entry.row.meta.title }}
                  components={{ open: <button type="button" className="link" onClick={() => onOpen(entry.row.id)} /> }}
                />
              )}
            </span>
            {entry.state === 'imported' && entry.warnings.length > 0 && (
              <ul className="import-warnings" aria-label={t('import.approximated', { name: entry.name })}>
                {entry.warnings.map((warning) => (
                  <li key={warning.message}>{warningText(t, warning)}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}

const MARKS: Record<ImportEntry['state'], string> = { waiting: '·', importing: '…', imported: '✓', refused: '✕' }

function statusLine(t: TFunction, entries: ImportEntry[]): string {
  const total = entries.length
  const at = entries.findIndex((entry) => entry.state === 'importing' || entry.state === 'waiting')
  if (at >= 0) return t('import.status.at', { at: at + 1, total, name: entries[at]!.name })
  const imported = entries.filter((entry) => entry.state === 'imported').length
  if (imported === total) return t('import.status.all', { count: total })
  if (imported === 0) return total === 1 ? t('import.status.noneOne') : t('import.status.none', { total })
  return t('import.status.some', { imported, total, count: total - imported })
}

/** Why a file was not imported, without its name, which the summary shows beside it. */
function reasonFor(t: TFunction, format: Formats, name: string, error: Error): string {
  if (!isCasebookError(error)) return t('import.unreadable', { problem: error.message })
  const text = errorText(t, format, error)
  // An English message the catalog does not hold starts with the file's name.
  return text.startsWith(`${name}: `) ? text.slice(name.length + 2) : text
}
