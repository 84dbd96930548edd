import { CasebookError } from '../shared/errors.js'
import { isNetworkId } from '../shared/model/networkId.js'
import { importFiles } from '../main/import/importFiles.js'
import { DEFAULT_IMPORT_LIMITS, Importer } from '../main/import/importer.js'
import type { Library } from '../main/library/library.js'
import type { ImportedImage } from '../main/import/readImages.js'
import type { Command } from './command.js'
import { importWorkers } from './importWorkers.js'
import { positiveInteger } from './positiveInteger.js'
import { openLibrary } from './withLibrary.js'

/**
 * How many files are stored with one commit. Their documents are held in memory until then, and the
 * next files are converted meanwhile (up to two batches ahead).
 */
const BATCH = 128

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
    const paths = context.positionals
    const refused: CasebookError[] = []
    let imported = 0
    // Workers convert files while the batch before them is stored.
    const importers = Array.from({ length: Math.min(importWorkers(limits.memoryMb), paths.length) }, () => new Importer({ limits }))
    // Opened once something is to be stored, so that a command that stores nothing leaves no library behind.
    let opened: Promise<Library> | undefined
    const library = () => (opened ??= openLibrary(context))
    const keepImages = async (images: ImportedImage[]) => {
      for (const { hash, bytes } of images) await (await library()).blobs.add(hash, bytes)
    }
    let attempted = 0
    try {
      // Leaving the loop stops the conversion; the files under way end as their Importers close.
      for await (const batch of importFiles(importers, paths, { network }, BATCH, keepImages)) {
        attempted += batch.length
        const files = batch.flatMap((result) => ('file' in result ? [result] : []))
        for (const result of batch) if ('refused' in result) refused.push(result.refused)
        if (!files.length) continue
        const stored = await (await library()).createAllFromState(files.map(({ file }) => file.document))
        for (const [position, { path, file }] of files.entries()) {
          const result = stored[position]
          if (result?.status !== 'fulfilled') continue
          imported += 1
          for (const warning of file.warnings) context.warn(`${path}: ${warning.message}`)
          context.out(`${result.value}  ${file.document.meta.title}  (from ${path})`)
        }
        const failed = stored.findIndex((result) => result.status === 'rejected')
        if (failed >= 0) {
          for (const error of refused) context.warn(error.message)
          throw storeFailure(stored[failed] as PromiseRejectedResult, files[failed]?.path as string, paths.length - attempted)
        }
      }
    } finally {
      await Promise.all(importers.map((importer) => importer.close()))
      await (await opened?.catch(() => undefined))?.close()
    }
    if (refused.length === 1 && !imported) throw refused[0]
    for (const error of refused) context.warn(error.message)
    if (refused.length) throw new CasebookError('INVALID_FILE', notImported(refused.length, context.positionals.length))
  },
}

/** The storage failure, naming the file it stopped at and how many files after it were not attempted. */
function storeFailure(failure: PromiseRejectedResult, path: string, notAttempted: number): unknown {
  const error: unknown = failure.reason
  if (!(error instanceof CasebookError)) return error
  const rest = notAttempted ? ` The ${notAttempted === 1 ? 'last file was' : `last ${notAttempted} files were`} not attempted.` : ''
  return new CasebookError(error.code, `${path}: ${error.message}${rest}`, { cause: error, reason: error.reason })
}

function notImported(refused: number, total: number): string {
  const imported = total - refused
  if (!imported) return `None of the ${total} files was imported.`
  return `${refused} of the ${total} files ${refused === 1 ? 'was' : 'were'} not imported; the other ${imported === 1 ? 'one was' : `${imported} were`}.`
}
