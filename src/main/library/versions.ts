import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, readdir, rmdir } from 'node:fs/promises'
import { join } from 'node:path'
import * as Y from 'yjs'
import { CasebookError } from '../../shared/errors.js'
import type { VersionInfo } from '../../shared/model/version.js'
import { PRIVATE_DIR } from '../privateDataDir.js'
import { fsyncDir, writeFileAtomic } from '../atomicFile.js'
import { FRAME_HEADER_BYTES, MAGIC, MAGIC_BYTES, encodeFile, scanFrames } from './frames.js'
import { VERSIONS_DIR } from './durableDocument.js'

/**
 * Each named version is one file in the document's versions/ folder: a JSON header record (label,
 * author, time) followed by the document's full encoded state. Listing reads only the headers.
 */
const EXTENSION = '.version'
const VERSION_ID = /^[0-9a-f]{10}$/
const MAX_HEADER_BYTES = 64 << 10

type VersionHeader = Omit<VersionInfo, 'id'>

export async function writeVersion(documentDir: string, header: VersionHeader, state: Uint8Array): Promise<VersionInfo> {
  const id = randomBytes(5).toString('hex')
  const dir = join(documentDir, VERSIONS_DIR)
  // The first version creates the folder, and that creation must be durable too.
  const created = await mkdir(dir, { recursive: true, mode: PRIVATE_DIR })
  try {
    if (created) await fsyncDir(documentDir)
    await writeFileAtomic(join(dir, id + EXTENSION), encodeFile(MAGIC.version, [Buffer.from(JSON.stringify(header)), state]))
  } catch (error) {
    if (created) await rmdir(dir).catch(() => {})
    throw error
  }
  return { id, ...header }
}

/** Oldest first. A version file whose header cannot be read is left out rather than hiding the others. */
export async function listVersions(documentDir: string, documentId: string): Promise<VersionInfo[]> {
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

/** The document as it was at version `versionId`. */
export async function readVersion(documentDir: string, documentId: string, versionId: string): Promise<Y.Doc> {
  const state = await readVersionState(documentDir, versionId)
  const doc = new Y.Doc({ guid: documentId })
  try {
    Y.applyUpdate(doc, state)
  } catch (error) {
    throw new CasebookError('DOCUMENT_DAMAGED', `Version ${versionId} of document ${documentId} is damaged: its state cannot be read.`, {
      cause: error,
      reason: 'versionDamaged',
    })
  }
  return doc
}

async function readVersionState(documentDir: string, versionId: string): Promise<Uint8Array> {
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
