import type { TFunction } from 'i18next'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CasebookApi, NetworkStatus } from '../../shared/ipc/contract.js'
import type { FirstList } from '../app/firstList.js'
import { useLibrary, type LibraryPlace } from '../app/useLibrary.js'
import { errorText } from '../i18n/errorText.js'
import { useFormats } from '../i18n/useFormats.js'
import { featuredFirst, filterChoices, filterRows, inCollection, reviewQueue, type RowFilters } from './filterRows.js'
import { useCuration } from '../shared/useCuration.js'
import { choiceName, FILTERS } from './libraryFilters.js'
import { DocumentTable } from './DocumentTable.js'
import { ImportButton } from './ImportButton.js'
import { ImportSummary } from './ImportSummary.js'
import { ReportDialog } from './ReportDialog.js'
import { useFileDrop } from './useFileDrop.js'
import type { useImport } from './useImport.js'
import { Welcome } from './Welcome.js'
import { JoinWorkshopDialog } from '../workshop/JoinWorkshopDialog.js'
import { WorkshopUntil } from '../workshop/WorkshopUntil.js'
import { useNetworkLabel } from '../shared/useNetworkLabel.js'

interface Props {
  api: CasebookApi
  networks: NetworkStatus[]
  /** Files being imported, or the last import's summary; dropping files on the window adds to them. */
  importing: ReturnType<typeof useImport>
  /** Grows each time the user asks to search (Ctrl+K): the search box takes the focus. */
  searchRequests: number
  onOpen: (id: string) => void
  /** The empty library's ways to start: a new document, and the networks' screen to join one. */
  onNew: () => void
  onJoinNetwork: () => void
  /** A workshop was joined from here: the networks' list changed. */
  onNetworksChanged: () => void
  /** Told the ids listed, in order, each time the list changes. */
  onListed: (ids: string[]) => void
  /** The documents' list asked for at launch. */
  firstList?: FirstList
}

/** Every document on this device: searched, filtered, newest first; and the trash. */
export function LibraryScreen({ api, networks, importing, searchRequests, onOpen, onNew, onJoinNetwork, onNetworksChanged, onListed, firstList }: Props) {
  const { t } = useTranslation()
  const networkLabel = useNetworkLabel()
  const format = useFormats()
  // The review queue is the documents' list, narrowed: shown to a facilitator of some network.
  const [view, setView] = useState<LibraryPlace | 'review'>('documents')
  const place: LibraryPlace = view === 'trash' ? 'trash' : 'documents'
  const [query, setQuery] = useState('')
  const [filters, setFilters] = useState<RowFilters>({})
  const [problem, setProblem] = useState<Error | null>(null)
  const [reporting, setReporting] = useState(false)
  const [joining, setJoining] = useState(false)
  const workshops = networks.flatMap(({ id, workshop }) => (workshop ? [{ id, workshop }] : []))
  // The search box is the documents' alone: the review queue and the trash list everything in them.
  const { rows, error, indexing } = useLibrary(api, place, view === 'documents' ? query : '', firstList)
  const search = useRef<HTMLInputElement>(null)
  const choices = useMemo(() => filterChoices(rows ?? []), [rows])
  const facilitating = useMemo(() => new Set(networks.filter((network) => network.role === 'facilitator').map((network) => network.id)), [networks])
  const queue = useMemo(() => reviewQueue(rows ?? [], facilitating), [rows, facilitating])
  const curations = useCuration(
    api,
    useMemo(() => networks.map(({ id }) => id), [networks]),
  )
  // Every network's collections, each named with its network where the names could be taken for one another.
  const collections = useMemo(
    () => [...curations.entries()].flatMap(([network, curation]) => curation.collections.map((collection) => ({ network, collection }))),
    [curations],
  )
  const [collectionId, setCollectionId] = useState('')
  const chosen = collections.find(({ collection }) => collection.id === collectionId)
  // A network features, and gathers, only its own documents.
  const featured = useMemo(
    () =>
      [...curations.entries()].flatMap(([network, curation]) =>
        curation.featured.filter((id) => rows?.some((row) => row.id === id && row.meta.network === network)),
      ),
    [curations, rows],
  )
  const filtered = useMemo(() => {
    const passing = filterRows(rows ?? [], filters)
    // A collection in its own order; otherwise the featured first, unless a search ranks them.
    if (chosen)
      return inCollection(
        passing.filter((row) => row.meta.network === chosen.network),
        chosen.collection.documents,
      )
    return query.trim() ? passing : featuredFirst(passing, featured)
  }, [rows, filters, chosen, featured, query])
  const listed = view === 'review' ? queue : filtered
  // No document at all, rather than none found: `rows` holds a search's hits while there is a query.
  const emptyLibrary = view === 'documents' && !query.trim() && rows?.length === 0
  const dragging = useFileDrop(importing.prepare, importing.add)

  useEffect(() => {
    onListed(listed.map((row) => row.id))
  }, [listed, onListed])
  useEffect(() => {
    if (searchRequests > 0) search.current?.focus()
  }, [searchRequests])

  const failure = error ?? problem
  const viewerOf = useMemo(() => new Set(networks.filter((network) => network.role === 'viewer').map((network) => network.id)), [networks])
  const act = (request: Promise<unknown>) =>
    request.then(
      () => setProblem(null),
      (failure: Error) => setProblem(failure),
    )

  return (
    <section className="library" aria-labelledby="library-title">
      <header className="screen-header">
        <h1 id="library-title">{view === 'documents' ? t('library.title') : view === 'review' ? t('library.reviewTitle') : t('library.trashTitle')}</h1>
        <div className="header-actions">
          <ImportButton onPick={importing.prepare} onFiles={importing.add} />
          <button type="button" disabled={view === 'trash' || listed.length === 0} onClick={() => setReporting(true)}>
            {t('report.button')}
          </button>
          <button type="button" data-testid="workshop-join-open" onClick={() => setJoining(true)}>
            {t('workshop.join.open')}
          </button>
          <div className="segmented" role="group" aria-label={t('library.show')}>
            <button type="button" aria-pressed={view === 'documents'} onClick={() => setView('documents')}>
              {t('library.documents')}
            </button>
            {facilitating.size > 0 && (
              <button type="button" aria-pressed={view === 'review'} onClick={() => setView('review')}>
                {t('library.review', { count: queue.length })}
              </button>
            )}
            <button type="button" aria-pressed={view === 'trash'} onClick={() => setView('trash')}>
              {t('library.trash')}
            </button>
          </div>
        </div>
      </header>
      {dragging && (
        <div className="drop-hint" aria-hidden="true">
          {t('library.dropHint')}
        </div>
      )}
      {reporting && <ReportDialog api={api} rows={listed} onClose={() => setReporting(false)} />}
      {joining && <JoinWorkshopDialog api={api} onJoined={onNetworksChanged} onOpen={onOpen} onClose={() => setJoining(false)} />}
      {workshops.length > 0 && view === 'documents' && (
        <ul className="workshops-joined" aria-label={t('workshop.network.joined')}>
          {workshops.map(({ id, workshop }) => (
            <li key={id}>
              <strong>{networkLabel(id)}</strong> · <WorkshopUntil workshop={workshop} />
            </li>
          ))}
        </ul>
      )}
      <ImportSummary entries={importing.entries} onOpen={onOpen} onDismiss={importing.dismiss} />
      {/* Nothing to search or filter in an empty library: its welcome says how to start instead. */}
      {view === 'documents' && !emptyLibrary && (
        <div className="library-tools">
          <input
            ref={search}
            type="search"
            className="search"
            aria-label={t('library.search.label')}
            placeholder={t('library.search.placeholder')}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
          {collections.length > 0 && (
            <label className="filter">
              <span>{t('library.filter.collection')}</span>
              <select value={collectionId} onChange={(event) => setCollectionId(event.target.value)}>
                <option value="">{t('library.filter.all')}</option>
                {collections.map(({ network, collection }) => (
                  <option key={collection.id} value={collection.id}>
                    {t('library.filter.collectionOf', { name: collection.name, network: networkLabel(network) })}
                  </option>
                ))}
              </select>
            </label>
          )}
          {FILTERS.map(({ key, label }) => (
            <label key={key} className="filter">
              <span>{t(label)}</span>
              <select value={filters[key] ?? ''} onChange={(event) => setFilters({ ...filters, [key]: event.target.value || undefined })}>
                <option value="">{t('library.filter.all')}</option>
                {choices[key].map((value) => (
                  <option key={value} value={value}>
                    {choiceName(t, key, value, networkLabel)}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      )}
      {failure && (
        <p role="alert" className="problem">
          {errorText(t, format, failure, networkLabel)}
        </p>
      )}
      <p role="status" className="count">
        {rows === null
          ? t('library.loading')
          : view === 'review'
            ? t('library.toReview', { count: listed.length })
            : countLabel(t, listed.length, place, query)}
        {place === 'documents' && indexing && ` · ${t('library.indexing', { indexed: indexing.indexed, total: indexing.total })}`}
      </p>
      {chosen?.collection.description && view === 'documents' && <p className="hint collection-description">{chosen.collection.description}</p>}
      {emptyLibrary ? (
        <Welcome onNew={onNew} onImportPick={importing.prepare} onImportFiles={importing.add} onJoin={onJoinNetwork} />
      ) : (
        <DocumentTable
          rows={listed}
          featured={featured}
          place={place}
          viewerOf={viewerOf}
          onOpen={onOpen}
          onTrash={(id) => act(api.request('library.trash', { id }))}
          onRestore={(id) => act(api.request('library.restore', { id }))}
        />
      )}
    </section>
  )
}

function countLabel(t: TFunction, count: number, place: LibraryPlace, query: string): string {
  if (place === 'trash') return t('library.inTrash', { count })
  return query.trim() ? t('library.found', { count }) : t('library.count', { count })
}
