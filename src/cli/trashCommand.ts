import type { Command } from './command.js'
import { withLibrary } from './withLibrary.js'

export const trashCommand: Command = {
  name: 'trash',
  usage: 'ID',
  summary: 'Move a document to the trash; casebook restore brings it back.',
  options: {},
  positionals: { min: 1, max: 1, name: 'a document ID' },
  async run(context) {
    const id = await withLibrary(context, async (library) => {
      const id = library.resolveId(context.positionals[0] ?? '')
      await library.trash(id)
      return id
    })
    context.out(`Moved ${id} to the trash.`)
  },
}
