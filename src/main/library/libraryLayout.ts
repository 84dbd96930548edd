import { mkdir, readFile, readdir, rm, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { CasebookError } from '../../shared/errors.js'
import { isTemporaryName, writeFileAtomic } from '../atomicFile.js'
import { PRIVATE_DIR } from '../privateDataDir.js'

const FORMAT = 1

/** Where a document's folder is: in the library, or in its trash. */
export type Place = 'documents' | 'trash'

/**
 * The folders of a library, in `<data dir>/library`:
 * - documents/<id>/ and trash/<id>/: each document's snapshot, log and versions (see DurableDocument);
 * - index.json: every document's meta, so listing loads no document;
 * - search.index: the full-text search index, with the stamp of each document it holds (SearchIndex);
 * - staging/: new documents are written here and renamed into documents/ whole;
 * - blobs/: the documents' images, each named by its SHA-256 (BlobStore);
 * - format.json: the layout version.
 */
export class LibraryLayout {
  private constructor(readonly root: string) {}

  /**
   * Creates the folders that are missing, clears what a crash left half written, and checks the
   * format, which this version of Casebook must be able to read.
   */
  static async prepare(root: string): Promise<LibraryLayout> {
    for (const sub of ['documents', 'trash', 'staging']) await mkdir(join(root, sub), { recursive: true, mode: PRIVATE_DIR })
    // Whatever is in staging/ is a creation that a crash interrupted: it never became a document.
    for (const name of await readdir(join(root, 'staging'))) await rm(join(root, 'staging', name), { recursive: true, force: true })
    // Temporary files of index and format writes that a crash interrupted.
    for (const name of await readdir(root)) if (isTemporaryName(name)) await unlink(join(root, name))
    // The search index as Casebook wrote it before search.index: never read again, and 30 MB at 5,000 documents.
    await rm(join(root, 'search.json'), { force: true })
    await checkFormat(root)
    return new LibraryLayout(root)
  }

  get blobsPath(): string {
    return join(this.root, 'blobs')
  }

  get indexPath(): string {
    return join(this.root, 'index.json')
  }

  folder(place: Place): string {
    return join(this.root, place)
  }

  dir(place: Place, id: string): string {
    return join(this.root, place, id)
  }

  staging(id: string): string {
    return join(this.root, 'staging', id)
  }
}

async function checkFormat(root: string): Promise<void> {
  const formatPath = join(root, 'format.json')
  const text = await readFile(formatPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null
    throw error
  })
  if (text === null) return writeFileAtomic(formatPath, JSON.stringify({ format: FORMAT }))
  let format: unknown
  try {
    format = (JSON.parse(text) as { format?: unknown }).format
  } catch {
    throw new CasebookError('LIBRARY_INVALID', `The library in ${root} is damaged: its format.json cannot be read.`, {
      reason: 'damaged',
      params: { dir: root },
    })
  }
  if (format !== FORMAT) {
    throw new CasebookError('LIBRARY_INVALID', `The library in ${root} has format ${String(format)}, which this version of Casebook cannot read.`, {
      reason: 'newer',
      params: { dir: root },
    })
  }
}
