import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addVersion, FULL_EVERY, historyVersions, versionUpdate } from '../../../src/shared/model/versionHistory.js'

const version = (n: number) => ({ label: `Version ${n}`, author: 'Ana', createdAt: `2026-11-27T10:${String(n).padStart(2, '0')}:00.000Z` })

/** The text of the document a version's state makes. */
function textOf(update: Uint8Array): string {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  return doc.getText('body').toString()
}

type RawEntry = Record<string, unknown> & { id: string; depth: number; update: Uint8Array }
const rawEntries = (history: Y.Doc) => history.getArray<RawEntry>('versions').toArray()

describe('a document’s version history', () => {
  it('gives back each version’s text, whole every FULL_EVERY versions and as a difference between', () => {
    const doc = new Y.Doc()
    const history = new Y.Doc()
    const ids: string[] = []
    for (let n = 1; n <= 45; n++) {
      doc.getText('body').insert(doc.getText('body').length, `line ${n}\n`)
      if (n % 7 === 0) doc.getText('body').delete(0, 5)
      ids.push(addVersion(history, doc, version(n)).id)
    }
    expect(historyVersions(history).map(({ id }) => id)).toEqual(ids)
    expect(historyVersions(history)[2]).toEqual({ id: ids[2], ...version(3) })
    const replay = new Y.Doc()
    for (let n = 1; n <= 45; n++) {
      replay.getText('body').insert(replay.getText('body').length, `line ${n}\n`)
      if (n % 7 === 0) replay.getText('body').delete(0, 5)
      expect(textOf(versionUpdate(history, ids[n - 1]!))).toBe(replay.getText('body').toString())
    }
    // Full states at the chain's 1st, 21st and 41st versions: each other one is far smaller than the whole.
    const sizes = rawEntries(history).map(({ depth, update }) => ({ depth, bytes: update.byteLength }))
    expect(sizes.filter(({ depth }) => depth === 0)).toHaveLength(Math.ceil(45 / FULL_EVERY))
    expect(sizes.at(-2)!.bytes).toBeLessThan(sizes[40]!.bytes / 4)
  })

  it('keeps the status the document had', () => {
    const history = new Y.Doc()
    const saved = addVersion(history, new Y.Doc(), { ...version(1), status: 'published' })
    expect(historyVersions(history)).toEqual([saved])
    expect(saved.status).toBe('published')
  })

  it('leaves out entries that are malformed, repeat an id, are not what their id says, or whose chain does not reach a full state', () => {
    const doc = new Y.Doc()
    const history = new Y.Doc()
    doc.getText('body').insert(0, 'first')
    const first = addVersion(history, doc, version(1))
    doc.getText('body').insert(5, ' second')
    const second = addVersion(history, doc, version(2))
    const [entry1, entry2] = rawEntries(history) as [RawEntry, RawEntry]
    const other = new Y.Doc()
    other.getText('body').insert(0, 'forged')
    const forgedOfFirst = { ...entry1, update: Y.encodeStateAsUpdate(other) }
    const versions = history.getArray<unknown>('versions')
    // Inserted before the real ones, where a reader taking the first entry of an id would find them.
    versions.insert(0, [forgedOfFirst, { ...entry2, label: 'Relabelled' }])
    versions.push([
      { ...version(3), id: '0'.repeat(20), depth: 0 },
      { ...entry2, base: 'f'.repeat(20) },
      { ...entry2, depth: 5 },
      { ...entry1, depth: -1 },
    ])
    expect(historyVersions(history)).toEqual([first, second])
    expect(textOf(versionUpdate(history, first.id))).toBe('first')
    expect(textOf(versionUpdate(history, second.id))).toBe('first second')
    expect(() => versionUpdate(history, '0'.repeat(20))).toThrow(`This document has no version "${'0'.repeat(20)}".`)
  })

  it('keeps every version when two devices add theirs at once, each readable', () => {
    const doc = new Y.Doc()
    doc.getText('body').insert(0, 'shared')
    const [one, two] = [new Y.Doc(), new Y.Doc()]
    addVersion(one, doc, version(1))
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one))
    doc.getText('body').insert(6, ' and one')
    const fromOne = addVersion(one, doc, version(2))
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    other.getText('body').insert(0, 'two: ')
    const fromTwo = addVersion(two, other, version(3))
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two))
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one))
    expect(historyVersions(one)).toEqual(historyVersions(two))
    expect(historyVersions(one).map(({ label }) => label)).toEqual(expect.arrayContaining(['Version 1', 'Version 2', 'Version 3']))
    expect(textOf(versionUpdate(one, fromOne.id))).toBe('shared and one')
    expect(textOf(versionUpdate(two, fromTwo.id))).toBe('two: shared and one')
  })

  it('saves a version whole when the last one holds what the document does not, so no text it never had gets in', () => {
    const doc = new Y.Doc()
    doc.getText('body').insert(0, 'ours')
    const history = new Y.Doc()
    const elsewhere = new Y.Doc()
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(doc))
    elsewhere.getText('body').insert(4, ' and theirs, offline')
    // Another device saved its offline edit as a version; this device has not seen the edit.
    addVersion(history, elsewhere, version(1))
    const ours = addVersion(history, doc, version(2))
    expect(textOf(versionUpdate(history, ours.id))).toBe('ours')
    expect((rawEntries(history).at(-1) as RawEntry).depth).toBe(0)
  })

  it('keeps a version whose status a later Casebook added, showing no status', () => {
    const history = new Y.Doc()
    const saved = addVersion(history, new Y.Doc(), { ...version(1), status: 'retired' as 'draft' })
    expect(historyVersions(history)).toEqual([{ id: saved.id, ...version(1) }])
  })
})
