import { CasebookError } from '../shared/errors.js'
import { isNetworkId } from '../shared/model/networkId.js'
import { readFileToImport } from '../main/import/readFileToImport.js'
import { DEFAULT_IMPORT_LIMITS, Importer, type ImportedFile } from '../main/import/importer.js'
import type { Command } from './command.js'
import { positiveInteger } from './positiveInteger.js'
import { withLibrary } from './withLibrary.js'

export const importCommand: Command = {
  name: 'import',
  usage: 'FILE… [--network ID] [--time-limit SECONDS] [--memory-limit MB]',
  summary:
    'Turn Markdown (.md) and Word (.docx) files into documents; print each new id. A file that cannot be imported is named, and the others are imported.',
  options: {
    network: { type: 'string', value: 'ID', description: 'put every imported document in this network' },
    'time-limit': { type: 'string', value: 'SECONDS', description: `stop importing a file that takes longer (default: ${DEFAULT_IMPORT_LIMITS.seconds})` },
    'memory-limit': { type: 'string', value: 'MB', description: `stop importing a file that needs more memory (default: ${DEFAULT_IMPORT_LIMITS.memoryMb})` },
  },
  positionals: { min: 1, max: Infinity, name: 'a file to import' },
  async run(context) {
    const network = context.option('network')
    if (network !== undefined && !isNetworkId(network)) {
      throw new CasebookError('USAGE', `--network must be a network id made of lowercase letters, digits and dashes, not "${network}".`)
    }
    const limit = (option: string, fallback: number) => {
      const value = context.option(option)
      return value === undefined ? fallback : positiveInteger(value, `--${option}`, { max: 86_400 })
    }
    const limits = { seconds: limit('time-limit', DEFAULT_IMPORT_LIMITS.seconds), memoryMb: limit('memory-limit', DEFAULT_IMPORT_LIMITS.memoryMb) }
    // Every file is converted before the library is opened, so that the library is held only to store them.
    const files: { path: string; file: ImportedFile }[] = []
    const refused: CasebookError[] = []
    // One worker for the batch, replaced only after a file it refused.
    const importer = new Importer({ limits })
    try {
      for (const path of context.positionals) {
        // Read here, one at a time, and converted in the worker.
        await readFileToImport(path)
          .then((file) => importer.import(file, { network }))
          .then(
            (file) => files.push({ path, file }),
            (error: unknown) => {
              if (!(error instanceof CasebookError)) throw error
              refused.push(error)
            },
          )
      }
    } finally {
      await importer.close()
    }
    if (files.length) {
      await withLibrary(context, async (library) => {
        for (const { path, file } of files) {
          const id = await library.createFromState(file.document)
          for (const warning of file.warnings) context.warn(`${path}: ${warning.message}`)
          context.out(`${id}  ${file.document.meta.title}  (from ${path})`)
        }
      })
    }
    if (refused.length === 1 && !files.length) throw refused[0]
    for (const error of refused) context.warn(error.message)
    if (refused.length) throw new CasebookError('INVALID_FILE', notImported(refused.length, context.positionals.length))
  },
}

function notImported(refused: number, total: number): string {
  const imported = total - refused
  if (!imported) return `None of the ${total} files was imported.`
  return `${refused} of the ${total} files ${refused === 1 ? 'was' : 'were'} not imported; the other ${imported === 1 ? 'one was' : `${imported} were`}.`
}
