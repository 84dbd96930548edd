import type { JSONContent } from '@tiptap/core'
import type { DocumentContent } from '../model/documentBody.js'

/** One document of a report, as a chapter: its meta and body. */
export type ReportChapter = DocumentContent

/** Where a report's documents of one network stand with it, as this device knows. */
export interface NetworkStanding {
  network: string
  /** When this device last knew the network's documents (its last connection to the relay, or now), if ever. */
  asOf: string | null
  /** The titles of those documents not yet saved on the network as they are on this device. */
  unsaved: string[]
}

/** One chart of a report's "Network at a glance" page. */
export interface GlanceChart {
  title: string
  /** The chart as SVG markup, drawn in Node (src/main/export/glanceCharts.ts). */
  svg: string
  /** Its figures as a table: the chart's text alternative, and what a Word file shows in its place. */
  table: { headers: string[]; rows: string[][] }
}

/** A report's optional first page: a network's totals and two charts of its figures, as its dashboard draws them. */
export interface ReportGlance {
  network: string
  /** The network's totals, in a line. */
  summary: string
  charts: GlanceChart[]
}

/** A compiled report: a cover, contents, then one chapter per document, in the order given; optionally opened by a network at a glance. */
export interface Report {
  title: string
  glance?: ReportGlance
  /** The network the documents were chosen from, if one was. */
  network?: string
  /** When it was compiled (an ISO time). */
  compiledAt: string
  chapters: ReportChapter[]
  /** One for each network the documents belong to; the cover says each. */
  standings: NetworkStanding[]
}

/** When a time is said with its hour: in UTC, so that a report reads alike wherever it is compiled. */
const EXPORT_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })

/** What the cover says of a network's standing: as of when, then the documents not yet saved there (under `unsavedLine`). */
export function standingText({ network, asOf, unsaved }: NetworkStanding): { asOfLine: string; unsavedLine: string | null } {
  return {
    asOfLine: asOf
      ? `As of this device's last sync with ${network}: ${EXPORT_TIME.format(new Date(asOf))} UTC.`
      : `This device has no record of a sync with ${network}: what the network holds may differ.`,
    unsavedLine: unsaved.length ? `Not yet saved on ${network}:` : null,
  }
}

/**
 * A chapter's body as a report shows it: its level-1 headings at level 2, so that the chapters' titles
 * are the only headings at level 1 besides the cover's, in the outline (which numbers the contents:
 * reportToPdf) and in Word's navigation pane.
 */
export function chapterBody(body: JSONContent): JSONContent {
  if (body.type === 'heading' && body.attrs?.['level'] === 1) return { ...body, attrs: { ...body.attrs, level: 2 } }
  return body.content ? { ...body, content: body.content.map(chapterBody) } : body
}

/** Everyone who wrote one of the report's documents, each once, in the order they first appear. */
export function reportAuthors(report: Report): string[] {
  return [...new Set(report.chapters.flatMap(({ meta }) => meta.authors))]
}

/** The topics of the report's documents, each once, in the order they first appear. */
export function reportTopics(report: Report): string[] {
  return [...new Set(report.chapters.flatMap(({ meta }) => meta.topics))]
}

/** The cities the report's documents are from, each once, in alphabetical order. */
export function reportCities(report: Report): string[] {
  const cities = new Set(report.chapters.flatMap(({ meta }) => (meta.city ? [meta.city] : [])))
  return [...cities].sort((a, b) => a.localeCompare(b))
}

/** The network every chapter's document belongs to, if they all belong to one. */
export function commonNetwork(chapters: ReportChapter[]): string | undefined {
  const networks = new Set(chapters.map(({ meta }) => meta.network))
  const [only] = networks
  return networks.size === 1 ? only : undefined
}
