import type { TFunction } from 'i18next'
import type { DocumentKind } from '../../shared/model/kinds.js'
import { LANGUAGE_NAMES } from '../../shared/model/languages.js'
import type { DocumentStatus } from '../../shared/model/meta.js'
import type { Key } from '../i18n/keys.js'
import { KIND_LABELS, STATUS_LABELS } from '../i18n/modelLabels.js'
import { LOCAL_ONLY, type RowFilters } from './filterRows.js'

/**
 * The filters, each with its label, and how its values are named where they are not shown as they
 * are: by a key of the catalog, or, for languages, by each language's name in itself.
 */
export const FILTERS: { key: keyof RowFilters; label: Key; names?: Partial<Record<string, Key>>; ownNames?: Partial<Record<string, string>> }[] = [
  { key: 'network', label: 'library.filter.network', names: { [LOCAL_ONLY]: 'library.filter.thisDevice' } },
  { key: 'city', label: 'library.filter.city' },
  { key: 'kind', label: 'library.filter.kind', names: KIND_LABELS satisfies Record<DocumentKind, Key> },
  { key: 'status', label: 'library.filter.status', names: STATUS_LABELS satisfies Record<DocumentStatus, Key> },
  { key: 'topic', label: 'library.filter.topic' },
  { key: 'language', label: 'library.filter.language', ownNames: LANGUAGE_NAMES },
]

/**
 * A value of a filter as its select shows it: by its name in the catalog, in itself, a network by
 * `networkLabel` (its display name), or as it is (a city, a topic).
 */
export function choiceName(t: TFunction, filter: keyof RowFilters, value: string, networkLabel: (id: string) => string): string {
  const { names, ownNames } = FILTERS.find(({ key }) => key === filter) ?? {}
  const name = names?.[value]
  if (name) return t(name)
  return filter === 'network' ? networkLabel(value) : (ownNames?.[value] ?? value)
}
