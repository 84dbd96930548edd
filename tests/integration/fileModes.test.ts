import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { newDocumentContent } from '../../src/shared/model/document.js'
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

  it("the app's: the library, its documents and versions, settings, sync cursors and the lock", async () => {
    const relay = await relays.start()
    const dataDir = join(temp.path, 'home', '.config', 'Casebook')
    const backend = await backends.start(dataDir)
    await backend.sync.join({ relayUrl: relay.url, token: await relay.invite('brt', 'member') })
    const id = await backend.library.create(newDocumentContent({ kind: 'case-study', title: 'Private', network: 'brt', city: 'Lagos' }))
    await backend.library.saveVersion(id, { label: 'First', author: 'Ana' })
    await eventually(() => statSync(join(dataDir, 'sync', 'brt.json'), { throwIfNoEntry: false }) !== undefined, 'the sync cursor is written')

    const found = modes(dataDir)
    expect(Object.keys(found)).toEqual(expect.arrayContaining(['.', 'lock', 'settings.json', 'sync', 'sync/brt.json', 'library/index.json', `library/documents/${id}/versions`]))
    expect(Object.keys(found).filter((path) => path.startsWith(`library/documents/${id}/versions/`))).toHaveLength(1)
    expect(openToOthers(dataDir)).toEqual([])
  })

  it("the app's: an existing data directory open to others is tightened on start", async () => {
    const dataDir = join(temp.path, 'Casebook')
    mkdirSync(dataDir, { mode: 0o755 })
    chmodSync(dataDir, 0o755)
    const library = await Library.open(dataDir)
    await library.close()
    expect(statSync(dataDir).mode & 0o777).toBe(0o700)
  })

  it("the relay's: its data directory, relay.sqlite with its -wal and -shm, and the secret; an existing directory and database are tightened", async () => {
    const dataDir = join(temp.path, 'relay-data')
    const relay = await relays.start({ dataDir })
    const client = clients.connect(relay.url, 'brt/private', await relay.invite('brt', 'member'), { ack: true })
    client.doc.getText('t').insert(0, 'stored')
    await eventually(() => client.stored.length > 0, 'the update is stored')
    expect(modes(dataDir)).toEqual({ '.': '700', 'relay.sqlite': '600', 'relay.sqlite-wal': '600', 'relay.sqlite-shm': '600', secret: '600' })

    const older = join(temp.path, 'older-relay-data')
    mkdirSync(older)
    chmodSync(older, 0o755)
    writeFileSync(join(older, 'relay.sqlite'), '')
    chmodSync(join(older, 'relay.sqlite'), 0o644)
    await relays.start({ dataDir: older })
    expect(openToOthers(older)).toEqual([])
    expect(modes(older)).toMatchObject({ '.': '700', 'relay.sqlite': '600', secret: '600' })
  })
})
