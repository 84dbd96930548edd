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
  if (!entries.length) return null
  const finished = entries.every((entry) => entry.state === 'imported' || entry.state === 'refused')
  return (
    <section className="import" aria-labelledby="import-title">
      <div className="import-header">
        <h2 id="import-title">{finished ? 'Import finished' : 'Importing files'}</h2>
        {finished && (
          <button type="button" className="quiet" onClick={onDismiss}>
            Close
          </button>
        )}
      </div>
      <p role="status" className="import-status">
        {statusLine(entries)}
      </p>
      <ul className="import-files" aria-label="Files to import">
        {entries.map((entry) => (
          <li key={entry.key} className={`import-file import-${entry.state}`}>
            <span className="import-mark" aria-hidden="true">
              {MARKS[entry.state]}
            </span>
            <span className="import-name">{entry.name}</span>
            <span className="import-outcome">
              {entry.state === 'waiting' && 'Waiting.'}
              {entry.state === 'importing' && 'Importing…'}
              {entry.state === 'refused' && `Not imported. ${entry.reason}`}
              {entry.state === 'imported' && (
                <>
                  Imported as{' '}
                  <button type="button" className="link" onClick={() => onOpen(entry.row.id)}>
                    {entry.row.meta.title}
                  </button>
                  .
                </>
              )}
            </span>
            {entry.state === 'imported' && entry.warnings.length > 0 && (
              <ul className="import-warnings" aria-label={`What was approximated in ${entry.name}`}>
                {entry.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
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

function statusLine(entries: ImportEntry[]): string {
  const total = entries.length
  const at = entries.findIndex((entry) => entry.state === 'importing' || entry.state === 'waiting')
  if (at >= 0) return `Importing ${at + 1} of ${total}: ${entries[at]!.name}…`
  const imported = entries.filter((entry) => entry.state === 'imported').length
  const files = (count: number) => (count === 1 ? '1 file' : `${count} files`)
  if (imported === total) return `Imported ${files(total)}.`
  if (imported === 0) return total === 1 ? 'The file could not be imported.' : `None of the ${total} files could be imported.`
  return `Imported ${imported} of ${total} files; ${total - imported === 1 ? '1 could' : `${total - imported} could`} not be imported.`
}
