import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { CasebookError } from '../../shared/errors.js'
import type { VersionInfo } from '../../shared/model/version.js'
import { writeFileAtomic } from './atomicFile.js'
import { FRAME_HEADER_BYTES, MAGIC, MAGIC_BYTES, encodeFile, scanFrames } from './frames.js'
import { VERSIONS_DIR } from './storedDocument.js'

/**
 * Each named version is one file in the document's versions/ folder: a JSON header record (label,
 * author, time) followed by the document's full encoded state. Listing reads only the headers.
 */
const EXTENSION = '.version'
const MAX_HEADER_BYTES = 64 << 10

type VersionHeader = Omit<VersionInfo, 'id'>

export async function writeVersion(documentDir: string, header: VersionHeader, state: Uint8Array): Promise<VersionInfo> {
  const id = randomBytes(5).toString('hex')
  const dir = join(documentDir, VERSIONS_DIR)
  await mkdir(dir, { recursive: true })
  await writeFileAtomic(join(dir, id + EXTENSION), encodeFile(MAGIC.version, [Buffer.from(JSON.stringify(header)), state]))
  return { id, ...header }
}

/** Oldest first. A version file that cannot be read is left out rather than hiding the others. */
export async function listVersions(documentDir: string): Promise<VersionInfo[]> {
  const dir = join(documentDir, VERSIONS_DIR)
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  const versions = await Promise.all(names.filter((name) => name.endsWith(EXTENSION)).map((name) => readHeader(join(dir, name), name.slice(0, -EXTENSION.length))))
  return versions.filter((version) => version !== null).sort((a, b) => a.createdAt.localeCompare(b.createdAt))
}

export async function readVersionState(documentDir: string, versionId: string): Promise<Uint8Array> {
  const content = await readFile(join(documentDir, VERSIONS_DIR, versionId + EXTENSION)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new CasebookError('UNKNOWN_VERSION', `This document has no version "${versionId}".`)
    throw error
  })
  const scan = scanFrames(content, MAGIC.version)
  const state = scan.payloads[1]
  if (scan.damage || !state) throw new CasebookError('DOCUMENT_DAMAGED', `Version ${versionId} is damaged: ${scan.damage ?? 'its state is missing'}.`)
  return state
}

async function readHeader(path: string, id: string): Promise<VersionInfo | null> {
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
    const header = JSON.parse(Buffer.from(json).toString('utf8')) as VersionHeader
    return { id, label: header.label, author: header.author, createdAt: header.createdAt }
  } catch {
    return null
  } finally {
    await file.close()
  }
}
