import { open, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { CasebookError } from '../../shared/errors.js'
import type { VersionInfo } from '../../shared/model/version.js'
import { FRAME_HEADER_BYTES, MAGIC, MAGIC_BYTES, scanFrames } from './frames.js'
import { VERSIONS_DIR } from './durableDocument.js'

/**
 * Before version histories synced (versionHistory.ts), each named version was one file in the
 * document's versions/ folder: a JSON header record (label, author, time) followed by the document's
 * full encoded state. These read them, for moving them into the history (historyFile.ts).
 */
const EXTENSION = '.version'
const VERSION_ID = /^[0-9a-f]{10}$/
const MAX_HEADER_BYTES = 64 << 10

type VersionHeader = Omit<VersionInfo, 'id' | 'status'>

/** Oldest first. A version file whose header cannot be read is left out rather than hiding the others. */
export async function listLegacyVersions(documentDir: string, documentId: string): Promise<VersionInfo[]> {
  const dir = join(documentDir, VERSIONS_DIR)
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    if (error.code === 'ENOTDIR')
      throw new CasebookError('DOCUMENT_DAMAGED', `Document ${documentId} is damaged: its versions folder is not a folder.`, {
        reason: 'damaged',
      })
    throw error
  })
  const ids = names.filter((name) => name.endsWith(EXTENSION)).map((name) => name.slice(0, -EXTENSION.length))
  const versions = await Promise.all(ids.filter((id) => VERSION_ID.test(id)).map((id) => readHeader(join(dir, id + EXTENSION), id)))
  return versions.filter((version) => version !== null).sort((a, b) => a.createdAt.localeCompare(b.createdAt))
}

/** The document's state at version `versionId`, as the file holds it. */
export async function readVersionState(documentDir: string, versionId: string): Promise<Uint8Array> {
  const unknown = new CasebookError('UNKNOWN_VERSION', `This document has no version "${versionId}".`, { reason: 'unknown' })
  if (!VERSION_ID.test(versionId)) throw unknown
  const content = await readFile(join(documentDir, VERSIONS_DIR, versionId + EXTENSION)).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' || error.code === 'ENOTDIR' || error.code === 'EISDIR' ? unknown : error
  })
  const scan = scanFrames(content, MAGIC.version)
  const state = scan.payloads[1]
  if (scan.damage || !state)
    throw new CasebookError('DOCUMENT_DAMAGED', `Version ${versionId} is damaged: ${scan.damage ?? 'its state is missing'}.`, {
      reason: 'versionDamaged',
    })
  return state
}

async function readHeader(path: string, id: string): Promise<VersionInfo | null> {
  try {
    const file = await open(path, 'r')
    try {
      const start = Buffer.alloc(MAGIC_BYTES + FRAME_HEADER_BYTES)
      await file.read(start, 0, start.length, 0)
      const length = start.readUInt32LE(MAGIC_BYTES)
      if (length > MAX_HEADER_BYTES) return null
      const head = Buffer.alloc(start.length + length)
      await file.read(head, 0, head.length, 0)
      const [json] = scanFrames(head, MAGIC.version).payloads
      if (!json) return null
      const header = JSON.parse(Buffer.from(json).toString('utf8')) as Partial<VersionHeader>
      const { label, author, createdAt } = header
      if (typeof label !== 'string' || typeof author !== 'string' || typeof createdAt !== 'string') return null
      return { id, label, author, createdAt }
    } finally {
      await file.close()
    }
  } catch {
    return null
  }
}
