import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { newDocumentContent } from '../../src/shared/model/documentBody.js'
import { Library } from '../../src/main/library/library.js'
import { useBackends } from '../helpers/backends.js'
import { eventually, useClients } from '../helpers/clients.js'
import { useRelays } from '../helpers/relay.js'
import { useTempDir } from '../helpers/tempDir.js'

/** Every folder and file below `dir` (and `dir` itself), with its permission bits. */
function modes(dir: string): Record<string, string> {
  const found: Record<string, string> = { '.': (statSync(dir).mode & 0o777).toString(8) }
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name)
    found[path.slice(dir.length + 1)] = (statSync(path).mode & 0o777).toString(8)
  }
  return found
}

/** The entries of `modes(dir)` other than folders at 700 and files at 600. */
const openToOthers = (dir: string) => Object.entries(modes(dir)).filter(([path, mode]) => mode !== (statSync(join(dir, path)).isDirectory() ? '700' : '600'))

describe('data directories are for their owner only', () => {
  const relays = useRelays()
  const backends = useBackends()
  const clients = useClients()
  const temp = useTempDir()

  it("the app's: the library, its documents and version histories, settings, sync cursors and the lock", async () => {
    const relay = await relays.start()
    const dataDir = join(temp.path, 'home', '.config', 'Casebook')
    const backend = await backends.start(dataDir)
    await backend.sync.join({ relayUrl: relay.url, token: await relay.invite('brt', 'member') })
    const id = await backend.library.create(newDocumentContent({ kind: 'case-study', title: 'Private', network: 'brt', city: 'Lagos' }))
    await backend.library.saveVersion(id, { label: 'First', author: 'Ana' })
    await eventually(() => statSync(join(dataDir, 'sync', 'brt.json'), { throwIfNoEntry: false }) !== undefined, 'the sync cursor is written')

    const found = modes(dataDir)
    expect(Object.keys(found)).toEqual(
      expect.arrayContaining(['.', 'lock', 'settings.json', 'sync', 'sync/brt.json', 'library/index.json', `library/documents/${id}/history`]),
    )
    expect(openToOthers(dataDir)).toEqual([])
  })

  it("the app's: an existing data directory open to others is tightened on start, with its settings and sync cursors, but not through a link", async () => {
    const dataDir = join(temp.path, 'Casebook')
    /** A file of ours elsewhere, open to others, that a link in the data directory points to. */
    const elsewhere = join(temp.path, 'elsewhere.json')
    writeFileSync(elsewhere, '{}', { mode: 0o644 })
    chmodSync(elsewhere, 0o644)
    const loose: [string, number][] = [
      ['.', 0o755],
      ['settings.json', 0o644],
      ['app-settings.json', 0o640],
      ['sync', 0o755],
      ['sync/brt.json', 0o644],
      ['sync/obs.json', 0o604],
    ]
    for (const [path, mode] of loose) {
      if (path === '.' || path === 'sync') mkdirSync(join(dataDir, path), { recursive: true })
      else writeFileSync(join(dataDir, path), '{}')
      chmodSync(join(dataDir, path), mode)
    }
    symlinkSync(elsewhere, join(dataDir, 'sync', 'linked.json'))

    const library = await Library.open(dataDir)
    await library.close()
    for (const [path] of loose) expect((statSync(join(dataDir, path)).mode & 0o777).toString(8), path).toBe(path === '.' || path === 'sync' ? '700' : '600')
    expect(lstatSync(join(dataDir, 'sync', 'linked.json')).isSymbolicLink()).toBe(true)
    expect((statSync(elsewhere).mode & 0o777).toString(8)).toBe('644')
  })

  it("the relay's: its data directory, relay.sqlite with its -wal and -shm, and the secret; an existing directory and database are tightened", async () => {
    const dataDir = join(temp.path, 'relay-data')
    const relay = await relays.start({ dataDir })
    const client = clients.connect(relay.url, 'brt/private', await relay.invite('brt', 'member'), { ack: true })
    client.doc.getText('t').insert(0, 'stored')
    await eventually(() => client.stored.length > 0, 'the update is stored')
    expect(modes(dataDir)).toEqual({ '.': '700', 'relay.sqlite': '600', 'relay.sqlite-wal': '600', 'relay.sqlite-shm': '600', secret: '600' })

    // As an older relay left them after a crash: every file open to others, the log and shared memory too.
    const older = join(temp.path, 'older-relay-data')
    mkdirSync(older)
    chmodSync(older, 0o755)
    for (const [name, content] of [
      ['relay.sqlite', ''],
      ['relay.sqlite-wal', ''],
      ['relay.sqlite-shm', ''],
      ['secret', 's'.repeat(43)],
    ]) {
      writeFileSync(join(older, name!), content!)
      chmodSync(join(older, name!), 0o644)
    }
    await relays.start({ dataDir: older })
    expect(openToOthers(older)).toEqual([])
    expect(modes(older)).toMatchObject({ '.': '700', 'relay.sqlite': '600', 'relay.sqlite-wal': '600', 'relay.sqlite-shm': '600', secret: '600' })
  })

  it("the relay's: a secret that is a link is not followed", async () => {
    const dataDir = join(temp.path, 'linked-relay-data')
    mkdirSync(dataDir, { mode: 0o700 })
    // A file of ours elsewhere, open to others, that a link in the data directory points to.
    const elsewhere = join(temp.path, 'secret-elsewhere')
    writeFileSync(elsewhere, 's'.repeat(43))
    chmodSync(elsewhere, 0o644)
    symlinkSync(elsewhere, join(dataDir, 'secret'))
    const relay = await relays.start({ dataDir })
    await clients.connect(relay.url, 'brt/linked', await relay.invite('brt', 'member')).synced()
    expect(lstatSync(join(dataDir, 'secret')).isSymbolicLink()).toBe(true)
    expect((statSync(elsewhere).mode & 0o777).toString(8)).toBe('644')
  })
})
