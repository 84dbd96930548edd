import type { AdaptationReference } from '../protocol/adaptationReferences.js'
import { adaptationsOf, type LocalAdaptation } from './adaptationsOf.js'
import { DOCUMENT_KINDS } from './kinds.js'
import { DOCUMENT_STATUSES, type DocumentMeta, type DocumentStatus } from './meta.js'
import type { Decision } from './workflow.js'

/** One of the network's documents, as the library lists it: its status is the catalog's (workflow.ts). */
export interface StatsDocument {
  id: string
  meta: DocumentMeta
  status: DocumentStatus
}

/** What a network's figures are made from: all of it on this device, offline. */
export interface StatsInput {
  network: string
  /** The network's documents, not those in the trash. */
  documents: StatsDocument[]
  /** The catalog's log of decisions. */
  decisions: Decision[]
  /** What the network's adaptations room tells of its documents' adaptations, in any network. */
  references: AdaptationReference[]
  /** Documents on this device adapted from one of the network's, whose reference may not have reached the relay yet. */
  adaptations: LocalAdaptation[]
  /** When the user last looked at these figures, or null the first time. */
  lastLooked: string | null
}

export interface Count {
  /** A status, a kind, a city or a topic; '' for documents that name no city. */
  key: string
  count: number
}

export interface MonthCounts {
  /** YYYY-MM, in UTC. */
  month: string
  created: number
  submitted: number
  published: number
  adapted: number
}

export interface Adapted {
  id: string
  title: string
  city: string
  adaptations: number
  /** The adapting cities, each once, by name; '' for an invite that names none. */
  cities: string[]
}

export type ActivityKind = 'created' | 'edited' | 'submitted' | 'decided' | 'adapted'

export interface Activity {
  kind: ActivityKind
  /** The network's document it is about. */
  document: string
  title: string
  at: string
  /** Who did it: a name, or for an adaptation its city; '' when nothing records who (an edit). */
  by: string
  /** The status a decision moved the document to. */
  status?: DocumentStatus
  /** Since the user last looked. */
  isNew: boolean
}

export interface NetworkStats {
  network: string
  documents: number
  /** Every status and kind, in their order, with zeros; cities and topics the most first. */
  byStatus: Count[]
  byKind: Count[]
  byCity: Count[]
  byTopic: Count[]
  /** Per city, the names that wrote (authors), edited or submitted its documents; the most first. */
  contributors: { city: string; names: string[] }[]
  /** Every month from the first thing recorded to the last, empty months too. */
  months: MonthCounts[]
  /** The documents adapted the most, the most first (ten at most). */
  mostAdapted: Adapted[]
  adaptations: number
  /** The latest first, at most ACTIVITY_SHOWN. */
  activity: Activity[]
  /** How much of it is new since the user last looked (it may be more than is shown). */
  newActivity: number
}

export const ACTIVITY_SHOWN = 30
const MOST_ADAPTED_SHOWN = 10

/** A time as toISOString writes it, whose first seven characters are its month in UTC. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/

const monthOf = (at: string): string | null => {
  const time = Date.parse(at)
  if (Number.isNaN(time) || time <= 0) return null
  // Writing every time out again cost a third of the figures' time at 5,000 documents; nearly all are written so already.
  return ISO_UTC.test(at) ? at.slice(0, 7) : new Date(time).toISOString().slice(0, 7)
}

/** The network's figures, computed from what this device holds (the dashboard and `casebook stats` show the same). */
export function networkStats(input: StatsInput): NetworkStats {
  const { documents } = input
  const titles = new Map(documents.map(({ id, meta }) => [id, meta]))
  const adaptations = adaptationsOf(input.network, titles, input.references, input.adaptations)
  return {
    network: input.network,
    documents: documents.length,
    byStatus: DOCUMENT_STATUSES.map((key) => ({ key, count: documents.filter((document) => document.status === key).length })),
    byKind: DOCUMENT_KINDS.map((key) => ({ key, count: documents.filter(({ meta }) => meta.kind === key).length })),
    byCity: counted(documents.map(({ meta }) => [meta.city ?? ''])),
    byTopic: counted(documents.map(({ meta }) => meta.topics)),
    contributors: contributorsOf(documents),
    months: monthsOf(input, adaptations),
    mostAdapted: mostAdapted(adaptations, titles),
    adaptations: adaptations.length,
    ...activityOf(input, adaptations, titles),
  }
}

/** Each value counted once per document, the most first, then by name. */
function counted(valuesPerDocument: string[][]): Count[] {
  const counts = new Map<string, number>()
  for (const values of valuesPerDocument) for (const key of new Set(values)) counts.set(key, (counts.get(key) ?? 0) + 1)
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
}

function contributorsOf(documents: StatsDocument[]): NetworkStats['contributors'] {
  const names = new Map<string, Set<string>>()
  for (const { meta } of documents) {
    const city = meta.city ?? ''
    const set = names.get(city) ?? new Set<string>()
    for (const name of [...meta.authors, ...(meta.editors ?? [])]) set.add(name)
    if (meta.submitted) set.add(meta.submitted.by)
    names.set(city, set)
  }
  return [...names]
    .filter(([, set]) => set.size > 0)
    .map(([city, set]) => ({ city, names: [...set].sort((a, b) => a.localeCompare(b)) }))
    .sort((a, b) => b.names.length - a.names.length || a.city.localeCompare(b.city))
}

function mostAdapted(adaptations: AdaptationReference[], sources: Map<string, DocumentMeta>): Adapted[] {
  const bySource = new Map<string, AdaptationReference[]>()
  for (const adaptation of adaptations) bySource.set(adaptation.source, [...(bySource.get(adaptation.source) ?? []), adaptation])
  return [...bySource]
    .map(([id, list]) => ({
      id,
      title: sources.get(id)?.title ?? '',
      city: sources.get(id)?.city ?? '',
      adaptations: list.length,
      cities: [...new Set(list.map(({ city }) => city))].sort((a, b) => a.localeCompare(b)),
    }))
    .sort((a, b) => b.adaptations - a.adaptations || a.title.localeCompare(b.title))
    .slice(0, MOST_ADAPTED_SHOWN)
}

function monthsOf(input: StatsInput, adaptations: AdaptationReference[]): MonthCounts[] {
  const counts = new Map<string, MonthCounts>()
  const add = (at: string | undefined, field: keyof Omit<MonthCounts, 'month'>) => {
    const month = at === undefined ? null : monthOf(at)
    if (month === null) return
    const entry = counts.get(month) ?? { month, created: 0, submitted: 0, published: 0, adapted: 0 }
    entry[field] += 1
    counts.set(month, entry)
  }
  const ids = new Set(input.documents.map(({ id }) => id))
  for (const { meta } of input.documents) {
    add(meta.createdAt, 'created')
    add(meta.submitted?.at, 'submitted')
  }
  // A document published twice in a month counts once there.
  const published = new Set<string>()
  for (const decision of input.decisions) {
    const month = monthOf(decision.at)
    if (decision.status !== 'published' || !ids.has(decision.document) || month === null || published.has(`${month} ${decision.document}`)) continue
    published.add(`${month} ${decision.document}`)
    add(decision.at, 'published')
  }
  for (const { at } of adaptations) add(at, 'adapted')
  return everyMonth(counts)
}

/** The months counted, with the empty ones between them, so that a chart's gaps show as zeros. */
function everyMonth(counts: Map<string, MonthCounts>): MonthCounts[] {
  const months = [...counts.keys()].sort()
  const [first, last] = [months[0], months.at(-1)]
  if (first === undefined || last === undefined) return []
  const all: MonthCounts[] = []
  let [year, month] = first.split('-').map(Number) as [number, number]
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`
    all.push(counts.get(key) ?? { month: key, created: 0, submitted: 0, published: 0, adapted: 0 })
    if (key === last) return all
    year += Math.floor(month / 12)
    month = (month % 12) + 1
  }
}

function activityOf(input: StatsInput, adaptations: AdaptationReference[], sources: Map<string, DocumentMeta>): Pick<NetworkStats, 'activity' | 'newActivity'> {
  const events: Omit<Activity, 'isNew'>[] = []
  for (const { id, meta } of input.documents) {
    events.push({ kind: 'created', document: id, title: meta.title, at: meta.createdAt, by: meta.authors.join(', ') })
    if (meta.updatedAt > meta.createdAt) events.push({ kind: 'edited', document: id, title: meta.title, at: meta.updatedAt, by: '' })
    if (meta.submitted) events.push({ kind: 'submitted', document: id, title: meta.title, at: meta.submitted.at, by: meta.submitted.by })
  }
  for (const { document, at, by, status } of input.decisions) {
    const meta = sources.get(document)
    if (meta) events.push({ kind: 'decided', document, title: meta.title, at, by, status })
  }
  for (const { source, at, city } of adaptations) events.push({ kind: 'adapted', document: source, title: sources.get(source)?.title ?? '', at, by: city })
  const since = input.lastLooked === null ? null : Date.parse(input.lastLooked)
  // Each time parsed once: parsing in the sort's comparison made it most of the figures' cost at 5,000 documents.
  const timed = events.map((event) => ({ event, time: Date.parse(event.at) }))
  const isNew = (time: number) => since !== null && time > since
  timed.sort((a, b) => b.time - a.time)
  return {
    activity: timed.slice(0, ACTIVITY_SHOWN).map(({ event, time }) => ({ ...event, isNew: isNew(time) })),
    newActivity: timed.filter(({ time }) => isNew(time)).length,
  }
}
