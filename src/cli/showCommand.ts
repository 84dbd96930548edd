import { readMeta } from '../shared/model/document.js'
import { readBodyText } from '../shared/model/documentBody.js'
import { KINDS } from '../shared/model/kinds.js'
import type { Command } from './command.js'
import { withLibrary } from './withLibrary.js'
import { recordedReviews } from './recordedReviews.js'
import { shortDate } from './format.js'

export const showCommand: Command = {
  name: 'show',
  usage: 'ID [--version VERSION]',
  summary: "Print a document's metadata and text (or that of one of its named versions).",
  options: { version: { type: 'string', description: 'a version id, from casebook versions ID' } },
  positionals: { min: 1, max: 1, name: 'a document ID' },
  async run(context) {
    const versionId = context.option('version')
    const unsupported = new Set<string>()
    const { id, meta, text, status } = await withLibrary(context, async (library) => {
      const id = library.resolveId(context.positionals[0] ?? '')
      const doc = versionId ? await library.readVersion(id, versionId) : (await library.open(id)).doc
      const summary = library.summary(id)
      // A network's document stands where its catalog says; a version, where it stood when saved.
      const status = versionId
        ? (await library.versions(id)).find((version) => version.id === versionId)?.status
        : (await recordedReviews(context.dataDir, [summary])).status(summary)
      return { id, meta: readMeta(doc), text: readBodyText(doc, (type) => unsupported.add(type)), status }
    })
    if (unsupported.size) context.warn(`left out what this version of Casebook cannot show: ${[...unsupported].join(', ')}.`)
    const fields: [string, string | undefined][] = [
      ['Title', meta.title],
      ['Kind', KINDS[meta.kind].label],
      ['Network', meta.network],
      ['City', meta.city],
      ['Country', meta.country],
      ['Topics', meta.topics.join(', ')],
      ['Status', status],
      ['Authors', meta.authors.join(', ')],
      ['Created', shortDate(meta.createdAt)],
      ['Updated', shortDate(meta.updatedAt)],
      ['ID', versionId ? `${id} (version ${versionId})` : id],
    ]
    const header = fields.filter(([, value]) => value).map(([name, value]) => `${`${name}:`.padEnd(9)}${value}`)
    context.out(`${header.join('\n')}\n\n${text}`)
  },
}
