import * as encoding from 'lib0/encoding'
import { digest } from 'lib0/hash/sha256'
import { toHexString } from 'lib0/buffer'
import * as Y from 'yjs'
import * as z from 'zod'
import { CasebookError } from '../errors.js'
import { DOCUMENT_STATUSES, type DocumentStatus } from './meta.js'
import { withoutUndefined } from './withoutUndefined.js'
import { VERSION_ID, type VersionInfo } from './version.js'

/**
 * A document's version history as a Y.Doc of its own, synced in its history room (`<id>-versions`),
 * which the relay lets anyone who may write add to and nobody delete from. Each version is an entry
 * of the `versions` array: who saved it, when and why, the document's status then, and its state,
 * either whole or as the difference from the version it was saved after (`base`): a full state every
 * FULL_EVERY versions along a chain keeps both the history small and any version a few merges away.
 *
 * Entries come from every member of the network, so each is checked as it is read: one that is
 * malformed, or whose chain does not lead to a full state within FULL_EVERY steps, is left out. A
 * version's id is a hash of its entry, so an entry added later under an id already taken (by anyone,
 * at any place in the array) cannot stand in for the version that id names, which a catalog may
 * record as published.
 */
export const FULL_EVERY = 20

const ENTRIES = 'versions'
/** Hex digits of an entry's SHA-256 that make its id (VERSION_ID): 80 bits, which nobody can match by trying. */
const ID_DIGITS = 20

const entrySchema = z.object({
  id: z.string().regex(VERSION_ID),
  label: z.string().min(1).max(100),
  author: z.string().min(1).max(100),
  createdAt: z.iso.datetime(),
  /** As stored, which the id is a hash of: one a later Casebook added is shown as none, not dropped. */
  status: z.string().max(40).optional(),
  /** The version this one's state is the difference from; absent for a full state. */
  base: z.string().min(1).max(64).optional(),
  /** How many differences lead from the last full state to this one (0 for a full state). */
  depth: z
    .number()
    .int()
    .min(0)
    .max(FULL_EVERY - 1),
  update: z.custom<Uint8Array>((value) => value instanceof Uint8Array),
})

type Entry = z.infer<typeof entrySchema>

/** What a new version says of itself; its id is made from it. */
export type NewVersion = Omit<VersionInfo, 'id'>

/** The versions a history holds, oldest first, as far as they can be read. */
export function historyVersions(history: Y.Doc): VersionInfo[] {
  // Entries are in the order their devices' changes merged, not the order they were saved in.
  const entries = [...readableEntries(history).values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  return entries.map(info)
}

function info({ id, label, author, createdAt, status }: Entry): VersionInfo {
  return { id, label, author, createdAt, ...(isStatus(status) ? { status } : {}) }
}

const isStatus = (status: string | undefined): status is DocumentStatus => (DOCUMENT_STATUSES as readonly (string | undefined)[]).includes(status)

/**
 * Adds the document as it is now as a version: as the difference from the last readable entry (in
 * the order devices' changes merged), or whole when the chain is FULL_EVERY long, there is none, or
 * that entry holds anything the document does not (another device's offline edit, or an entry a
 * member made up): a difference from it would carry that into this version, text the document
 * never had.
 */
export function addVersion(history: Y.Doc, doc: Y.Doc, version: NewVersion): VersionInfo {
  const entries = readableEntries(history)
  const last = [...entries.values()].at(-1)
  const state = Y.encodeStateAsUpdate(doc)
  const baseVector = last && last.depth + 1 < FULL_EVERY ? Y.encodeStateVectorFromUpdate(stateOf(entries, last.id)) : null
  const content: Omit<Entry, 'id'> =
    last && baseVector && holds(doc, baseVector)
      ? { ...version, base: last.id, depth: last.depth + 1, update: Y.diffUpdate(state, baseVector) }
      : { ...version, depth: 0, update: state }
  const entry = { ...withoutUndefined(content), id: entryId(content) }
  history.getArray<unknown>(ENTRIES).push([entry])
  return info(entry)
}

/** Whether the doc holds everything up to the state vector. */
function holds(doc: Y.Doc, vector: Uint8Array): boolean {
  const own = Y.decodeStateVector(Y.encodeStateVector(doc))
  return [...Y.decodeStateVector(vector)].every(([client, clock]) => (own.get(client) ?? 0) >= clock)
}

/** A version's whole state, as one update; throws UNKNOWN_VERSION if the history holds no readable version of that id. */
export function versionUpdate(history: Y.Doc, id: string): Uint8Array {
  return stateOf(readableEntries(history), id)
}

function stateOf(entries: Map<string, Entry>, id: string): Uint8Array {
  const chain: Uint8Array[] = []
  for (let entry = entries.get(id); entry; entry = entry.base ? entries.get(entry.base) : undefined) chain.unshift(entry.update)
  if (chain.length === 0) throw new CasebookError('UNKNOWN_VERSION', `This document has no version "${id}".`, { reason: 'unknown' })
  return Y.mergeUpdates(chain)
}

/** The entries that parse, whose id is their hash and whose chain reaches a full state, oldest first. */
function readableEntries(history: Y.Doc): Map<string, Entry> {
  const entries = new Map<string, Entry>()
  for (const value of history.getArray<unknown>(ENTRIES).toArray()) {
    const parsed = entrySchema.safeParse(value)
    if (parsed.success && !entries.has(parsed.data.id) && entryId(parsed.data) === parsed.data.id) entries.set(parsed.data.id, parsed.data)
  }
  for (const [id, entry] of entries) if (!reachesFullState(entry, entries)) entries.delete(id)
  return entries
}

/** Whether following `base` from the entry reaches a full state, each step one depth lower, as its depth says. */
function reachesFullState(entry: Entry, entries: Map<string, Entry>): boolean {
  for (let at: Entry | undefined = entry; at; at = at.base ? entries.get(at.base) : undefined) {
    if (!at.base) return at.depth === 0
    const base = entries.get(at.base)
    if (!base || base.depth !== at.depth - 1) return false
  }
  return false
}

/** The hash of every field but the id, each written in a fixed order with its length. */
function entryId(entry: Omit<Entry, 'id'>): string {
  const encoder = encoding.createEncoder()
  for (const text of [entry.label, entry.author, entry.createdAt, entry.status ?? '', entry.base ?? '']) encoding.writeVarString(encoder, text)
  encoding.writeVarUint(encoder, entry.depth)
  encoding.writeVarUint8Array(encoder, entry.update)
  return toHexString(digest(encoding.toUint8Array(encoder)).subarray(0, ID_DIGITS / 2))
}
