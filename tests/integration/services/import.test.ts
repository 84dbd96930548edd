import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Services } from '../../../src/main/services/services.js'
import { readMeta } from '../../../src/shared/model/document.js'
import { readBodyText } from '../../../src/shared/model/documentBody.js'
import { inProcessApi } from '../../helpers/api.js'
import { eventually, rawConnect } from '../../helpers/clients.js'
import { workers } from '../../helpers/countedWorkers.js'
import { makeDocx } from '../../helpers/makeDocx.js'
import { useRelays } from '../../helpers/relay.js'
import { changesOn } from '../../helpers/syncSettled.js'
import { TempDirs } from '../../helpers/tempDirs.js'

vi.mock('node:worker_threads', (original) => import('../../helpers/countedWorkers.js').then((counted) => counted.countingWorkers(original)))

const FIXTURE = join(import.meta.dirname, '../../fixtures/bogota-bike-lanes.md')
const encode = (text: string) => new TextEncoder().encode(text)

describe('importing files through the contract (library.import)', () => {
  const relays = useRelays()
  const dirs = new TempDirs('casebook-import-')
  let services: Services
  let api: ReturnType<typeof inProcessApi>
  beforeEach(async () => {
    services = await Services.start(dirs.make())
    api = inProcessApi(services)
    // The search index's worker starts with the services; only import workers count here.
    workers.started = 0
  })
  afterEach(async () => {
    await api.close()
    await services.stop()
    dirs.removeAll()
  })

  /** Each file's new document's title, or the refusal's code and message, in the batch's order. */
  async function importBatch(files: { name: string; bytes: Uint8Array }[]) {
    const results: unknown[] = []
    for (const file of files) {
      results.push(
        await api.request('library.import', file).then(
          ({ row, warnings }) => ({ title: row.meta.title, warnings: warnings.map((warning) => warning.message) }),
          (error: Error & { code: string }) => ({ code: error.code, message: error.message }),
        ),
      )
    }
    return results
  }

  /** What the library holds: each document's meta and body text, by title. */
  async function stored() {
    const documents = []
    for (const { id } of services.library.list()) {
      const handle = await services.library.open(id)
      documents.push({ meta: readMeta(handle.doc), text: readBodyText(handle.doc) })
      await handle.close()
    }
    return documents.sort((a, b) => a.meta.title.localeCompare(b.meta.title))
  }

  it('imports the good files of a batch with their metadata, as private documents, and refuses each bad one by name', async () => {
    await api.request('library.prepareImport', {})
    const withMeta = encode(
      '---\ntitle: Lagos BRT\ncity: Lagos\ncountry: Nigeria\nauthors: [Ada, Tunde]\nlayout: post\n---\n\n## Summary\n\nThe **BRT** carries 200,000 riders a day.\n',
    )
    const results = await importBatch([
      { name: 'lagos.md', bytes: withMeta },
      { name: 'latin1.md', bytes: Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x0a]) },
      { name: 'notes.txt', bytes: encode('# Notes') },
      { name: 'bogota-bike-lanes.md', bytes: await readFile(FIXTURE) },
      { name: 'broken.docx', bytes: encode('not a zip') },
      { name: 'kampungs.docx', bytes: await makeDocx() },
    ])
    expect(results).toEqual([
      { title: 'Lagos BRT', warnings: ['The front matter field "layout" is not used by Casebook and was left out.'] },
      { code: 'INVALID_FILE', message: 'latin1.md: It is not UTF-8 text.' },
      { code: 'UNSUPPORTED_FILE', message: 'notes.txt: Casebook imports Markdown (.md) and Word (.docx) files, and this is neither.' },
      { title: "Ciclovías: Bogotá's protected bike lanes", warnings: ['The network "brt-network" it names was left out: imported documents are private.'] },
      { code: 'INVALID_FILE', message: expect.stringMatching(/^broken\.docx: /) },
      { title: 'Flood-proofing Jakarta’s kampungs', warnings: [] },
    ])
    const documents = await stored()
    expect(documents.map(({ meta }) => [meta.title, meta.network ?? null, meta.city ?? null, meta.country ?? null, meta.authors])).toEqual([
      ["Ciclovías: Bogotá's protected bike lanes", null, 'Bogotá', null, []],
      ['Flood-proofing Jakarta’s kampungs', null, null, null, []],
      ['Lagos BRT', null, 'Lagos', 'Nigeria', ['Ada', 'Tunde']],
    ])
    expect(documents[0]!.text).toContain('Bogotá built 550 km of protected bike lanes')
    expect(documents[1]!.text).toContain('Residents raised 1,200 homes above flood level')
    expect(documents[2]!.text).toBe('Summary\n\nThe BRT carries 200,000 riders a day.')
  })

  it('refuses bytes past 50 MB by name before any conversion starts, and stores nothing', async () => {
    const refused = await importBatch([{ name: 'huge.md', bytes: new Uint8Array((50 << 20) + 1).fill(0x61) }])
    expect(refused).toEqual([{ code: 'INVALID_FILE', message: 'huge.md: It is larger than 50 MB.' }])
    expect(workers.started).toBe(0)
    expect(services.library.list()).toEqual([])
  })

  it('takes one file at a time from a window: a second sent while the first converts is refused by name, and the first is stored', async () => {
    const bytes = (title: string) => new TextEncoder().encode(`# ${title}\n\nText.\n`)
    const [first, second] = await Promise.allSettled([
      api.request('library.import', { name: 'first.md', bytes: bytes('First') }),
      api.request('library.import', { name: 'second.md', bytes: bytes('Second') }),
    ])
    expect(first).toMatchObject({ status: 'fulfilled', value: { row: { meta: { title: 'First' } } } })
    expect(second).toMatchObject({
      status: 'rejected',
      reason: { code: 'BAD_REQUEST', message: 'second.md: Another file from this window is still being imported; send one at a time.' },
    })
    expect((await stored()).map(({ meta }) => meta.title)).toEqual(['First'])
    expect(await importBatch([{ name: 'third.md', bytes: bytes('Third') }])).toEqual([{ title: 'Third', warnings: [] }])
  })

  it('refuses a request without bytes, or with a name but no file, as invalid', async () => {
    expect(await importBatch([{ name: 'a.md', bytes: 'IyBB' as unknown as Uint8Array }])).toEqual([
      { code: 'BAD_REQUEST', message: 'The request library.import is invalid: "bytes" must be the bytes of a file.' },
    ])
    expect(await importBatch([{ name: ' ', bytes: encode('# A') }])).toEqual([
      { code: 'BAD_REQUEST', message: 'The request library.import is invalid: "name" must not be empty.' },
    ])
    expect(workers.started).toBe(0)
    expect(services.library.list()).toEqual([])
  })

  it('keeps a file that names a network this device may write in private: nothing of it reaches the relay', async () => {
    const relay = await relays.start()
    await api.request('networks.join', { relayUrl: relay.url, token: await relay.invite('brt-network', 'member', { name: 'Ana' }) })
    const watcher = rawConnect(relay.url, '/brt-network', await relay.invite('brt-network', 'viewer', { name: 'Watcher' }))
    try {
      const { row } = await api.request('library.import', { name: 'bogota-bike-lanes.md', bytes: await readFile(FIXTURE) })
      expect(row.meta.network).toBeUndefined()
      // A document the user does put in the network reaches the relay; the imported one, before it, does not.
      const shared = await api.request('library.create', { kind: 'case-study', title: 'Shared', network: 'brt-network' })
      await eventually(() => changesOn(watcher).some((change) => change.document === shared.id), 'the relay announces the shared document')
      expect(changesOn(watcher).map((change) => change.document)).toEqual([shared.id])
      expect(services.sync.state(row.id)).toBe('local-only')
    } finally {
      watcher.ws.terminate()
    }
  })
})
