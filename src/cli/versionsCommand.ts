import type { Command } from './command.js'
import { withLibrary } from './withLibrary.js'
import { shortDate, table } from './format.js'

export const versionsCommand: Command = {
  name: 'versions',
  usage: 'ID',
  summary: "List a document's named versions, oldest first.",
  options: {},
  positionals: { min: 1, max: 1, name: 'a document ID' },
  async run(context) {
    const versions = await withLibrary(context, (library) => library.versions(library.resolveId(context.positionals[0] ?? '')))
    if (versions.length === 0) {
      context.out('No named versions yet. Save one with: casebook version ID --label "…"')
      return
    }
    context.out(
      table(
        ['VERSION', 'SAVED', 'AUTHOR', 'LABEL'],
        versions.map((version) => [version.id, shortDate(version.createdAt), version.author, version.label]),
      ),
    )
  },
}
