import { CasebookError } from '../shared/errors.js'
import { isNetworkId } from '../shared/model/networkId.js'
import { importFile, type ImportedFile } from '../main/import/importFile.js'
import type { Command } from './command.js'
import { withLibrary } from './withLibrary.js'

export const importCommand: Command = {
  name: 'import',
  usage: 'FILE… [--network ID]',
  summary: 'Turn Markdown (.md) and Word (.docx) files into documents; print each new id.',
  options: { network: { type: 'string', value: 'ID', description: 'put every imported document in this network' } },
  positionals: { min: 1, max: Infinity, name: 'a file to import' },
  async run(context) {
    const network = context.option('network')
    if (network !== undefined && !isNetworkId(network)) {
      throw new CasebookError('USAGE', `--network must be a network id made of lowercase letters, digits and dashes, not "${network}".`)
    }
    // Every file is read and checked before the first is stored: one bad file imports nothing.
    const files: ImportedFile[] = []
    for (const path of context.positionals) files.push(await importFile(path, { network }))
    await withLibrary(context, async (library) => {
      for (const file of files) {
        const id = await library.create(file.content)
        for (const warning of file.warnings) context.warn(`${file.path}: ${warning}`)
        context.out(`${id}  ${file.content.meta.title}  (from ${file.path})`)
      }
    })
  },
}
