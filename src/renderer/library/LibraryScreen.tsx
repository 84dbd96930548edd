import { useEffect, useMemo, useRef, useState } from 'react'
import type { CasebookApi, DocumentRow, NetworkStatus } from '../../shared/ipc/contract.js'
import { KINDS, type DocumentKind } from '../../shared/model/kinds.js'
import { STATUS_LABELS, type DocumentStatus } from '../../shared/model/meta.js'
import { useLibrary, type LibraryPlace } from '../app/useLibrary.js'
import { filterChoices, filterRows, type RowFilters } from './filterRows.js'
import { ImportButton } from './ImportButton.js'
import { ImportSummary } from './ImportSummary.js'
import { useFileDrop } from './useFileDrop.js'
import type { useImport } from './useImport.js'
import { SyncBadge } from '../shared/SyncBadge.js'

const FILTERS: { key: keyof RowFilters; label: string; show?: (value: string) => string }[] = [
  { key: 'network', label: 'Network' },
  { key: 'city', label: 'City' },
  { key: 'kind', label: 'Kind', show: (value) => KINDS[value as DocumentKind]?.label ?? value },
  { key: 'status', label: 'Status', show: (value) => STATUS_LABELS[value as DocumentStatus] ?? value },
  { key: 'topic', label: 'Topic' },
]

interface Props {
  api: CasebookApi
  networks: NetworkStatus[]
  /** Files being imported, or the last import's summary; dropping files on the window adds to them. */
  importing: ReturnType<typeof useImport>
  /** Grows each time the user asks to search (Ctrl+K): the search box takes the focus. */
  searchRequests: number
  onOpen: (id: string) => void
  /** Told the ids listed, in order, each time the list changes. */
  onListed: (ids: string[]) => void
}

/** Every document on this device: searched, filtered, newest first; and the trash. */
export function LibraryScreen({ api, networks, importing, searchRequests, onOpen, onListed }: Props) {
  const [place, setPlace] = useState<LibraryPlace>('documents')
  const [query, setQuery] = useState('')
  const [filters, setFilters] = useState<RowFilters>({})
  const [problem, setProblem] = useState<string | null>(null)
  const { rows, error } = useLibrary(api, place, query)
  const search = useRef<HTMLInputElement>(null)
  const choices = useMemo(() => filterChoices(rows ?? []), [rows])
  const listed = useMemo(() => filterRows(rows ?? [], filters), [rows, filters])
  const dragging = useFileDrop(importing.prepare, importing.add)

  useEffect(() => {
    onListed(listed.map((row) => row.id))
  }, [listed, onListed])
  useEffect(() => {
    if (searchRequests > 0) search.current?.focus()
  }, [searchRequests])

  const viewerOf = new Set(networks.filter((network) => network.role === 'viewer').map((network) => network.id))
  const act = (request: Promise<unknown>) =>
    request.then(
      () => setProblem(null),
      (failure: Error) => setProblem(failure.message),
    )

  return (
    <section className="library" aria-labelledby="library-title">
      <header className="screen-header">
        <h1 id="library-title">{place === 'documents' ? 'Library' : 'Trash'}</h1>
        <div className="header-actions">
          <ImportButton onPick={importing.prepare} onFiles={importing.add} />
          <div className="segmented" role="group" aria-label="Show">
            <button type="button" aria-pressed={place === 'documents'} onClick={() => setPlace('documents')}>
              Documents
            </button>
            <button type="button" aria-pressed={place === 'trash'} onClick={() => setPlace('trash')}>
              Trash
            </button>
          </div>
        </div>
      </header>
      {dragging && (
        <div className="drop-hint" aria-hidden="true">
          Drop Markdown or Word files to import them
        </div>
      )}
      <ImportSummary entries={importing.entries} onOpen={onOpen} onDismiss={importing.dismiss} />
      {place === 'documents' && (
        <div className="library-tools">
          <input
            ref={search}
            type="search"
            className="search"
            aria-label="Search documents"
            placeholder="Search titles, meta and text"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
          {FILTERS.map(({ key, label, show }) => (
            <label key={key} className="filter">
              <span>{label}</span>
              <select value={filters[key] ?? ''} onChange={(event) => setFilters({ ...filters, [key]: event.target.value || undefined })}>
                <option value="">All</option>
                {choices[key].map((value) => (
                  <option key={value} value={value}>
                    {show ? show(value) : value}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      )}
      {(error ?? problem) && (
        <p role="alert" className="problem">
          {error ?? problem}
        </p>
      )}
      <p role="status" className="count">
        {rows === null ? 'Loading…' : countLabel(listed.length, place, query)}
      </p>
      <table className="documents" aria-label={place === 'documents' ? 'Documents' : 'Documents in the trash'}>
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Kind</th>
            <th scope="col">City</th>
            <th scope="col">Network</th>
            <th scope="col">Updated</th>
            <th scope="col">Sync</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {listed.map((row) => (
            <Row
              key={row.id}
              row={row}
              viewer={viewerOf.has(row.meta.network ?? '')}
              place={place}
              onOpen={onOpen}
              onTrash={() => act(api.request('library.trash', { id: row.id }))}
              onRestore={() => act(api.request('library.restore', { id: row.id }))}
            />
          ))}
        </tbody>
      </table>
    </section>
  )
}

function Row({
  row,
  viewer,
  place,
  onOpen,
  onTrash,
  onRestore,
}: {
  row: DocumentRow
  viewer: boolean
  place: LibraryPlace
  onOpen: (id: string) => void
  onTrash: () => void
  onRestore: () => void
}) {
  const { meta } = row
  return (
    <tr>
      <td>
        {place === 'documents' ? (
          <button type="button" className="link" onClick={() => onOpen(row.id)}>
            {meta.title}
          </button>
        ) : (
          meta.title
        )}
      </td>
      <td>{KINDS[meta.kind].label}</td>
      <td>{meta.city ?? ''}</td>
      <td>{meta.network ?? ''}</td>
      <td>
        <time dateTime={meta.updatedAt}>{new Date(meta.updatedAt).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })}</time>
      </td>
      <td>
        <SyncBadge state={row.sync} viewer={viewer} />
      </td>
      <td className="actions">
        {place === 'documents' ? (
          <button type="button" className="quiet" aria-label={`Move ${meta.title} to the trash`} onClick={onTrash}>
            Trash
          </button>
        ) : (
          <button type="button" className="quiet" aria-label={`Restore ${meta.title}`} onClick={onRestore}>
            Restore
          </button>
        )}
      </td>
    </tr>
  )
}

function countLabel(count: number, place: LibraryPlace, query: string): string {
  const documents = count === 1 ? '1 document' : `${count} documents`
  if (place === 'trash') return `${documents} in the trash`
  return query.trim() ? `${documents} found` : documents
}
