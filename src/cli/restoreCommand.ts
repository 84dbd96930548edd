import type { Command } from './command.js'
import { withLibrary } from './withLibrary.js'

export const restoreCommand: Command = {
  name: 'restore',
  usage: 'ID',
  summary: 'Bring a document back from the trash.',
  options: {},
  positionals: { min: 1, max: 1, name: 'the ID of a document in the trash' },
  async run(context) {
    const id = await withLibrary(context, async (library) => {
      const id = library.resolveId(context.positionals[0] ?? '', 'trash')
      await library.restore(id)
      return id
    })
    context.out(`Restored ${id}.`)
  },
}
