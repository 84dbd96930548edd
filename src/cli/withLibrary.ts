import type { Library } from '../main/library/library.js'
import type { CommandContext } from './command.js'

/** Opens the library of the command's data directory, runs `work`, and closes it again, whatever happens. */
export async function withLibrary<T>(context: CommandContext, work: (library: Library) => Promise<T>): Promise<T> {
  const library = await openLibrary(context)
  try {
    return await work(library)
  } finally {
    await library.close()
  }
}

/** Opens the library of the command's data directory, telling of any repair on stderr. */
export async function openLibrary(context: CommandContext): Promise<Library> {
  // Loaded here, so that `casebook relay` holds none of the library's modules.
  const { Library } = await import('../main/library/library.js')
  return Library.open(context.dataDir, {
    onRepair: (repair) =>
      context.warn(
        `repaired document ${repair.documentId}: cut ${repair.droppedBytes} damaged bytes from the end of its log (${repair.reason}); they are kept in ${repair.savedTo}.`,
      ),
  })
}
