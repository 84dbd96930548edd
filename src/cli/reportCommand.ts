import { compileReport } from '../main/export/compileReport.js'
import type { DocumentSummary, Library } from '../main/library/library.js'
import { recordedStanding } from '../main/sync/SavedRecord.js'
import { CasebookError } from '../shared/errors.js'
import { REPORT_FORMATS } from '../shared/export/exportFormat.js'
import { DOCUMENT_KINDS } from '../shared/model/kinds.js'
import { DOCUMENT_STATUSES } from '../shared/model/meta.js'
import type { Command, CommandContext } from './command.js'
import { formatOption, paperOption } from './exportOptions.js'
import { networkOption } from './networkOption.js'
import { recordedStats } from './recordedStats.js'
import { withLibrary } from './withLibrary.js'
import { recordedReviews, type RecordedReviews } from './recordedReviews.js'
import { withPrinter } from './withPrinter.js'
import { missingImages } from './missingImages.js'
import { writeOutputFile } from './writeOutputFile.js'

/** The options that choose among a network's documents. */
const FILTERS = ['status', 'topic', 'city', 'kind'] as const

export const reportCommand: Command = {
  name: 'report',
  usage:
    '(--ids ID,ID,… | --network ID [--status S] [--topic T] [--city C] [--kind K]) --title TITLE --out FILE [--at-a-glance NETWORK] [--format pdf|docx] [--paper a4|letter] [--force]',
  summary: 'Compile documents into one report, a PDF or a Word file: a cover, contents, and a chapter per document.',
  options: {
    ids: { type: 'string', value: 'ID,ID,…', description: 'the documents, in the order of their chapters' },
    network: { type: 'string', value: 'ID', description: 'or: the documents of this network, by title' },
    status: { type: 'string', description: `with --network: only documents of this status (${DOCUMENT_STATUSES.join(', ')})` },
    topic: { type: 'string', description: 'with --network: only documents with this topic' },
    city: { type: 'string', description: 'with --network: only documents from this city' },
    kind: { type: 'string', description: `with --network: only documents of this kind (${DOCUMENT_KINDS.join(', ')})` },
    title: { type: 'string', description: "the report's title, on its cover" },
    'at-a-glance': {
      type: 'string',
      value: 'NETWORK',
      description: "open with a page of the network's figures and two charts (in a Word file, the charts' tables), as `casebook stats` counts them",
    },
    format: { type: 'string', description: 'pdf or docx; by default taken from the --out file name' },
    paper: { type: 'string', description: 'a4 (the default) or letter: the pages of a PDF' },
    out: { type: 'string', value: 'FILE', description: 'the file to write (not a symbolic link, not in the data directory)' },
    force: { type: 'boolean', description: 'replace the --out file if it exists, keeping its permissions' },
  },
  positionals: { min: 0, max: 0, name: '' },
  async run(context) {
    const out = context.option('out')
    const title = context.option('title')?.trim()
    if (!out) throw new CasebookError('USAGE', 'Say where to write the report with --out FILE.')
    if (!title) throw new CasebookError('USAGE', 'Give the report a title with --title.')
    const format = formatOption(context.option('format'), out, REPORT_FORMATS)
    const paper = paperOption(context.option('paper'))
    const glance = context.option('at-a-glance')
    const atAGlance = glance === undefined ? undefined : networkOption(glance, '--at-a-glance')
    const choose = chooser(context)
    const { data, count } = await withLibrary(context, async (library) => {
      const reviews = await recordedReviews(context.dataDir, library.list())
      const chosen = choose(library, reviews)
      // The app is not running (it would hold the library): what it recorded of each network is on disk.
      const networks = [...new Set(chosen.flatMap(({ meta }) => (meta.network ? [meta.network] : [])))]
      const recorded = new Map(await Promise.all(networks.map(async (name) => [name, await recordedStanding(context.dataDir, name)] as const)))
      const ids = chosen.map(({ id }) => id)
      const request = { title, ids, format, paper, ...(atAGlance ? { atAGlance } : {}) }
      const reviewed = new Map(chosen.map((summary) => [summary.id, reviews.reviewed(summary)]))
      const data = await withPrinter((printer) =>
        compileReport(library, request, {
          printer,
          standingOf: (name) => recorded.get(name) ?? null,
          statsOf: (name) => recordedStats(context.dataDir, library, name),
          reviewed: (id) => reviewed.get(id),
          onMissingImages: (count) => context.warn(missingImages(count)),
        }),
      )
      return { data, count: ids.length }
    })
    await writeOutputFile(out, data, { force: context.flag('force'), forbidden: context.dataDir })
    context.out(`Wrote a report of ${count} document${count === 1 ? '' : 's'} to ${out}.`)
  },
}

/** What the options choose, checked before the library is opened: the documents of --ids, or of --network less the filters. */
function chooser(context: CommandContext): (library: Library, reviews: RecordedReviews) => DocumentSummary[] {
  const ids = context.option('ids')
  const network = context.option('network')
  const filters = FILTERS.flatMap((name) => {
    const value = context.option(name)?.trim()
    return value ? [{ name, value }] : []
  })
  if (ids !== undefined && network !== undefined) throw new CasebookError('USAGE', 'Choose the documents either with --ids or with --network, not both.')
  if (ids !== undefined) {
    if (filters.length)
      throw new CasebookError('USAGE', `--${filters[0]?.name} chooses among a network's documents; with --ids, list only the documents you want.`)
    const wanted = ids.split(',').map((id) => id.trim())
    if (wanted.some((id) => !id)) throw new CasebookError('USAGE', '--ids takes document IDs separated by commas, with none empty.')
    return (library) => [...new Set(wanted.map((id) => library.resolveId(id)))].map((id) => library.summary(id))
  }
  if (network === undefined) throw new CasebookError('USAGE', 'Choose the documents with --ids ID,ID,… or --network ID.')
  const status = filters.find(({ name }) => name === 'status')?.value
  if (status && !(DOCUMENT_STATUSES as readonly string[]).includes(status))
    throw new CasebookError('USAGE', `--status must be one of ${DOCUMENT_STATUSES.join(', ')}, not "${status}".`)
  const kind = filters.find(({ name }) => name === 'kind')?.value
  if (kind && !(DOCUMENT_KINDS as readonly string[]).includes(kind))
    throw new CasebookError('USAGE', `--kind must be one of ${DOCUMENT_KINDS.join(', ')}, not "${kind}".`)
  const same = (a: string | undefined, b: string) => a !== undefined && a.toLocaleLowerCase() === b.toLocaleLowerCase()
  return (library, reviews) => {
    const chosen = library
      .list()
      .filter((summary) =>
        filters.every(({ name, value }) => {
          if (name === 'topic') return summary.meta.topics.some((topic) => same(topic, value))
          // A network's document stands where its catalog says, not where its own meta does.
          return same(name === 'status' ? reviews.status(summary) : summary.meta[name], value)
        }),
      )
      .filter(({ meta }) => meta.network === network)
      .sort((a, b) => a.meta.title.localeCompare(b.meta.title))
    if (chosen.length === 0) {
      const which = filters.map(({ name, value }) => `${name} "${value}"`).join(', ')
      throw new CasebookError('UNKNOWN_DOCUMENT', `No document of network ${network}${which ? ` has ${which}` : ' is in this library'}; nothing was written.`)
    }
    return chosen
  }
}
