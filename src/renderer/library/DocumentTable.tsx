import { defaultRangeExtractor, type Range, useVirtualizer } from '@tanstack/react-virtual'
import type { TFunction } from 'i18next'
import { type FocusEvent, Fragment, type KeyboardEvent, memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocumentRow, LibraryPlace, SearchHit } from '../../shared/ipc/contract.js'
import { KIND_LABELS, STATUS_LABELS } from '../i18n/modelLabels.js'
import type { Formats } from '../i18n/formats.js'
import { useFormats } from '../i18n/useFormats.js'
import { SyncBadge } from '../shared/SyncBadge.js'
import { rowKeyTarget } from './rowKeys.js'
import { SearchPassage } from './SearchPassage.js'
import { useNetworkLabel } from '../shared/useNetworkLabel.js'

interface Props {
  rows: (DocumentRow | SearchHit)[]
  place: LibraryPlace
  /** Ids of the networks where this device only reads. */
  viewerOf: ReadonlySet<string>
  /** The documents their networks feature, marked as such. */
  featured: readonly string[]
  onOpen: (id: string) => void
  onTrash: (id: string) => void
  onRestore: (id: string) => void
}

/** A row's height before it is drawn and measured; rows with more in them (a search passage) are taller. */
const ESTIMATED_ROW = 51
/** Rows drawn beyond each edge of the frame, so that scrolling a little shows rows already drawn. */
const OVERSCAN = 8

/**
 * The library's table, drawing only the rows in and near its scrolled frame (@tanstack/react-virtual):
 * spacer rows above and below stand for the others. It stays a table for screen readers, with the
 * whole list's row count (aria-rowcount) and each drawn row's place in it (aria-rowindex); the arrow
 * keys, Page Up, Page Down, Home and End move the focus between rows, scrolling the row there into
 * view and drawing it first. The row that holds the focus stays drawn however far the list scrolls
 * away from it, so that the focus is not lost to the page, and the keys go on from where it is.
 */
export function DocumentTable({ rows, place, viewerOf, featured, onOpen, onTrash, onRestore }: Props) {
  const featuring = useMemo(() => new Set(featured), [featured])
  const { t } = useTranslation()
  const format = useFormats()
  const networkLabel = useNetworkLabel()
  const frame = useRef<HTMLDivElement>(null)
  const head = useRef<HTMLTableSectionElement>(null)
  /** The header row's height: the rows start below it, and one scrolled to stays clear of it (it sticks to the top). */
  const [header, setHeader] = useState(ESTIMATED_ROW)
  /** Where the focus goes once its row is drawn: the row, and which of its buttons. */
  const focusing = useRef<Focus | null>(null)
  /** The document whose row holds the focus, if one does. */
  const [focusedId, setFocusedId] = useState<string | null>(null)
  const focusedIndex = focusedId === null ? -1 : rows.findIndex((row) => row.id === focusedId)
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range)
      if (focusedIndex < 0 || indexes.includes(focusedIndex)) return indexes
      return [...indexes, focusedIndex].sort((a, b) => a - b)
    },
    [focusedIndex],
  )
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => frame.current,
    estimateSize: () => ESTIMATED_ROW,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: OVERSCAN,
    rangeExtractor,
    paddingStart: header,
    scrollPaddingStart: header,
    // The rows a scroll brings are drawn with the next frame, not synchronously inside each scroll
    // event: at 5,000 documents that turned a few frames of a scroll to the end into tasks over 50 ms.
    useFlushSync: false,
  })
  const drawn = virtualizer.getVirtualItems()
  const before = (drawn[0]?.start ?? header) - header
  const after = virtualizer.getTotalSize() - (drawn.at(-1)?.end ?? header)

  useLayoutEffect(() => setHeader(head.current?.offsetHeight ?? ESTIMATED_ROW), [])
  // After each drawing: focus the row a key moved to, once it is in the DOM.
  useLayoutEffect(() => {
    if (focusing.current && focusDrawn(frame.current, focusing.current)) focusing.current = null
  })

  const noteFocus = (event: FocusEvent<HTMLTableSectionElement>) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('tr[data-index]')
    setFocusedId(rows[Number(row?.dataset['index'])]?.id ?? null)
  }
  const forgetFocus = (event: FocusEvent<HTMLTableSectionElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget)) setFocusedId(null)
  }

  const moveFocus = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return
    const row = (event.target as HTMLElement).closest<HTMLElement>('tr[data-index]')
    if (!row || !frame.current) return
    const page = Math.max(1, Math.floor((frame.current.clientHeight - header) / ESTIMATED_ROW) - 1)
    const index = rowKeyTarget(event.key, Number(row.dataset['index']), rows.length, page)
    if (index === null) return
    event.preventDefault()
    const wanted = { index, button: Math.max(0, [...row.querySelectorAll('button')].indexOf(event.target as HTMLButtonElement)) }
    virtualizer.scrollToIndex(index, { align: 'auto' })
    // A row drawn already is focused now; another once the scroll has drawn it.
    if (!focusDrawn(frame.current, wanted)) focusing.current = wanted
  }

  return (
    <div className="documents-frame" ref={frame}>
      <table className="documents" aria-label={place === 'documents' ? t('library.table.documents') : t('library.table.trash')} aria-rowcount={rows.length + 1}>
        <colgroup>
          <col />
          <col className="col-kind" />
          <col className="col-status" />
          <col className="col-city" />
          <col className="col-network" />
          <col className="col-updated" />
          <col className="col-sync" />
          <col className="col-actions" />
        </colgroup>
        <thead ref={head}>
          <tr aria-rowindex={1}>
            <th scope="col">{t('library.table.title')}</th>
            <th scope="col">{t('library.table.kind')}</th>
            <th scope="col">{t('library.table.status')}</th>
            <th scope="col">{t('library.table.city')}</th>
            <th scope="col">{t('library.table.network')}</th>
            <th scope="col">{t('library.table.updated')}</th>
            <th scope="col">{t('library.table.sync')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('library.table.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody onKeyDown={moveFocus} onFocus={noteFocus} onBlur={forgetFocus}>
          {before > 0 && <Spacer height={before} />}
          {drawn.map((item, position) => {
            const row = rows[item.index]
            if (!row) return null
            // Between the focused row, kept drawn while the list is scrolled far from it, and the
            // rows in view: a spacer for the rows not drawn.
            const previous = drawn[position - 1]
            const gap = previous ? item.start - previous.end : 0
            return (
              <Fragment key={item.key}>
                {gap > 0 && <Spacer height={gap} />}
                <Row
                  index={item.index}
                  measure={virtualizer.measureElement}
                  row={row}
                  viewer={viewerOf.has(row.meta.network ?? '')}
                  featured={featuring.has(row.id)}
                  place={place}
                  onOpen={onOpen}
                  onTrash={onTrash}
                  onRestore={onRestore}
                  t={t}
                  format={format}
                  networkLabel={networkLabel}
                />
              </Fragment>
            )
          })}
          {after > 0 && <Spacer height={after} />}
        </tbody>
      </table>
    </div>
  )
}

interface Focus {
  index: number
  /** Which of the row's buttons, so that moving from one row's Trash button lands on the next one's. */
  button: number
}

/** Focuses the wanted row's button if the row is drawn; says whether it was. */
function focusDrawn(frame: HTMLElement | null, { index, button }: Focus): boolean {
  const row = frame?.querySelector(`tr[data-index="${index}"]`)
  if (!row) return false
  const buttons = row.querySelectorAll<HTMLElement>('button')
  buttons[Math.min(button, buttons.length - 1)]?.focus()
  return true
}

/** Stands for rows not drawn, so that the frame scrolls as if they were there. */
function Spacer({ height }: { height: number }) {
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: nothing in a spacer row takes the focus; hidden, it is no row for a screen reader to count.
    <tr className="spacer" aria-hidden="true">
      <td colSpan={8} style={{ height }} />
    </tr>
  )
}

/** Memoized: scrolling draws the list again at every frame, and only the rows coming into view need drawing. */
const Row = memo(function Row({
  index,
  measure,
  row,
  viewer,
  featured,
  place,
  onOpen,
  onTrash,
  onRestore,
  t,
  format,
  networkLabel,
}: {
  index: number
  measure: (element: Element | null) => void
  row: DocumentRow | SearchHit
  viewer: boolean
  featured: boolean
  place: LibraryPlace
  onOpen: (id: string) => void
  onTrash: (id: string) => void
  onRestore: (id: string) => void
  /** The table's, not a hook's in each row: a row coming into view then costs no subscription to i18next. */
  t: TFunction
  format: Formats
  networkLabel: (id: string) => string
}) {
  const { meta } = row
  const network = meta.network ? networkLabel(meta.network) : ''
  return (
    <tr ref={measure} data-index={index} aria-rowindex={index + 2}>
      <td>
        {place === 'documents' ? (
          <>
            <div className="title-line">
              {row.changed && (
                <span className="changed-dot" title={t('library.row.changed')}>
                  <span className="visually-hidden">{t('library.row.changed')}</span>
                </span>
              )}
              <button type="button" className="link" title={meta.title} onClick={() => onOpen(row.id)}>
                {meta.title}
              </button>
              {featured && <span className="featured-tag">{t('library.row.featured')}</span>}
              {row.openComments > 0 && <span className="comment-count">{t('library.row.openComments', { count: row.openComments })}</span>}
            </div>
            {'passage' in row && row.passage && <SearchPassage passage={row.passage} />}
          </>
        ) : (
          meta.title
        )}
      </td>
      <td>{t(KIND_LABELS[meta.kind])}</td>
      <td title={row.review?.note}>{t(STATUS_LABELS[row.status])}</td>
      <td>{meta.city ?? ''}</td>
      {/* A display name can be longer than its column: the whole of it shows on hover. */}
      <td title={network || undefined}>{network}</td>
      <td>
        <time dateTime={meta.updatedAt} title={format.relative(meta.updatedAt)}>
          {format.day(meta.updatedAt)}
        </time>
      </td>
      <td>
        <SyncBadge state={row.sync} viewer={viewer} t={t} />
      </td>
      <td className="actions">
        {place === 'documents' ? (
          <button type="button" className="quiet" aria-label={t('library.row.trashLabel', { title: meta.title })} onClick={() => onTrash(row.id)}>
            {t('library.row.trash')}
          </button>
        ) : (
          <button type="button" className="quiet" aria-label={t('library.row.restoreLabel', { title: meta.title })} onClick={() => onRestore(row.id)}>
            {t('library.row.restore')}
          </button>
        )}
      </td>
    </tr>
  )
})
