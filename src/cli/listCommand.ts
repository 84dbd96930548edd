import { KINDS } from '../shared/model/kinds.js'
import type { Command } from './command.js'
import { withLibrary } from './withLibrary.js'
import { shortDate, table } from './format.js'

export const listCommand: Command = {
  name: 'list',
  usage: '[--json] [--trash]',
  summary: 'List documents, most recently updated first.',
  options: {
    json: { type: 'boolean', description: 'print JSON: an array of { id, meta }' },
    trash: { type: 'boolean', description: 'list the trash instead' },
  },
  positionals: { min: 0, max: 0, name: '' },
  async run(context) {
    const trash = context.flag('trash')
    const documents = await withLibrary(context, async (library) => {
      for (const { id, problem } of library.damaged()) context.warn(`${id} is not listed: ${problem}`)
      return trash ? library.listTrash() : library.list()
    })
    if (context.flag('json')) {
      context.out(JSON.stringify(documents, null, 2))
    } else if (documents.length === 0) {
      context.out(trash ? 'The trash is empty.' : 'No documents yet. Create one with: casebook new --kind case-study --title "…"')
    } else {
      const rows = documents.map(({ id, meta }) => [id, KINDS[meta.kind].label, shortDate(meta.updatedAt), meta.city ?? '', meta.title])
      context.out(table(['ID', 'KIND', 'UPDATED', 'CITY', 'TITLE'], rows))
    }
  },
}
