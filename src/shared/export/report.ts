import type { JSONContent } from '@tiptap/core'
import type { DocumentMeta } from '../model/meta.js'

/** One document of a report, as a chapter. */
export interface ReportChapter {
  meta: DocumentMeta
  body: JSONContent
}

/** A compiled report: a cover, contents, then one chapter per document, in the order given. */
export interface Report {
  title: string
  /** The network the documents were chosen from, if one was. */
  network?: string
  /** When it was compiled (an ISO time). */
  compiledAt: string
  chapters: ReportChapter[]
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
