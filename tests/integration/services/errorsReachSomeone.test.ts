import '../../helpers/animationFrames.js'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Services } from '../../../src/main/services/services.js'
import { DocumentPeer } from '../../../src/renderer/documentPeer.js'
import { inProcessApi } from '../../helpers/api.js'
import { eventually } from '../../helpers/clients.js'
import { appendParagraph, paragraphs } from '../../helpers/documents.js'
import { patchFileHandle } from '../../helpers/patchFileHandle.js'
import { useRelays } from '../../helpers/relay.js'
import { useTempDirs } from '../../helpers/tempDir.js'

/** The lines of the data directory's log file. */
function logged(dir: string): Record<string, unknown>[] {
  return readFileSync(join(dir, 'logs', 'casebook.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

describe('failures nobody asked about reach the log file and the renderers', () => {
  const relays = useRelays()
  const dirs = useTempDirs('casebook-errors-')
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function backend() {
    const dir = dirs.make()
    const services = await Services.start(dir)
    cleanups.push(() => services.stop())
    const connect = () => {
      const api = inProcessApi(services)
      cleanups.push(() => api.close())
      return api
    }
    return { dir, services, api: connect(), connect }
  }

  it('tells a failed save of an open document to the log and to every renderer, even one that starts later, until dismissed', async () => {
    const { dir, api, connect } = await backend()
    const { id } = await api.request('library.create', { kind: 'case-study', title: 'Nairobi matatus' })
    const peer = await DocumentPeer.open(api, id)
    // The disk is full from now on: every write of file data fails as it would (the log file is
    // written with plain fs calls, not a FileHandle, so it still works).
    const restore = await patchFileHandle(
      'write',
      () =>
        async function (this: FileHandle) {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
        } as FileHandle['write'],
    )
    cleanups.push(restore)
    appendParagraph(peer.doc, 'typed on a full disk')
    await eventually(() => api.events.some((event) => event.type === 'save-error'), 'the renderer is told')
    const notice = {
      type: 'save-error',
      id,
      title: 'Nairobi matatus',
      code: 'STORAGE_FAILED',
      message: expect.stringMatching(/^Could not save changes to .*: the disk is full/) as unknown,
      reason: 'diskFull',
    }
    expect(api.events.filter((event) => event.type === 'save-error')).toEqual([notice])
    // Errors only: the search index, reading the document after its change, may log that it could not (a warning).
    expect(logged(dir).filter((entry) => entry['level'] === 'error')).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: `Document ${id} (“Nairobi matatus”): a change could not be saved to disk, nor will later ones be until it is opened again.`,
        document: id,
        err: expect.objectContaining({ code: 'STORAGE_FAILED' }) as unknown,
      }),
    ])

    // A window opened (or reloaded) since is given the notice too, until it is dismissed.
    expect(await connect().request('app.notices', {})).toEqual([notice])
    await connect().request('app.dismissNotice', { type: 'save-error', id })
    expect(await connect().request('app.notices', {})).toEqual([])
    restore()
    // The change never reached the disk, so the close says so; the document is still listed.
    await expect(peer.close()).rejects.toMatchObject({ code: 'STORAGE_FAILED' })
  })

  it('logs a compaction that fails, and loses no change', async () => {
    const { dir, api } = await backend()
    const { id } = await api.request('library.create', { kind: 'case-study', title: 'Accra trotros' })
    const peer = await DocumentPeer.open(api, id)
    // A folder where the new snapshot must go: the compaction as the document closes fails.
    const snapshot = join(dir, 'library', 'documents', id, 'snapshot')
    const saved = readFileSync(snapshot)
    rmSync(snapshot)
    mkdirSync(join(snapshot, 'in-the-way'), { recursive: true })
    // More than the 64 KiB a closing document's log may hold before it is compacted.
    for (let n = 0; n < 80; n += 1) appendParagraph(peer.doc, `${n} ${'route '.repeat(170)}`)
    await peer.close()
    await eventually(() => logged(dir).length > 0, 'the failure is logged')
    expect(logged(dir)).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: `Document ${id} (“Accra trotros”) could not be compacted; every change is still in its log, and it will be tried again.`,
        document: id,
      }),
    ])
    expect(api.events.filter((event) => event.type === 'save-error')).toEqual([])
    rmSync(snapshot, { recursive: true })
    writeFileSync(snapshot, saved)
    const reopened = await DocumentPeer.open(api, id)
    cleanups.push(() => reopened.close())
    expect(paragraphs(reopened.doc)).toHaveLength(80)
  })

  it('logs a renderer’s message that cannot be used, besides telling that renderer', async () => {
    const { dir, api } = await backend()
    const { id } = await api.request('library.create', { kind: 'lessons-learned', title: 'Bad frames' })
    const peer = await DocumentPeer.open(api, id)
    cleanups.push(() => peer.close())
    api.sendDocumentMessage(id, new Uint8Array([0, 2, 200]))
    await eventually(() => api.events.some((event) => event.type === 'document-error'), 'the renderer is told')
    expect(logged(dir)).toEqual([
      expect.objectContaining({ level: 'warn', msg: `A renderer sent document ${id} a message that could not be used.`, document: id }),
    ])
  })

  it('logs a network whose relay refuses this device’s invite, besides telling its status', async () => {
    const { dir, services, api } = await backend()
    const relay = await relays.start()
    await api.request('networks.join', { relayUrl: relay.url, token: await relay.invite('brt', 'member', { name: 'Ana' }) })
    await eventually(async () => (await api.request('networks.list', {}))[0]?.online === true, 'the device is online')
    // Another relay at the same address, with keys of its own: the saved invite is not its.
    relay.process.kill('SIGKILL')
    await relays.start({ dataDir: dirs.make(), port: relay.port })
    await eventually(() => services.sync.networks()[0]?.refused !== undefined, 'the network is refused', 20_000)
    expect(logged(dir)).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: expect.stringMatching(/^The relay refused this device’s invite to network brt: ./) as unknown,
        network: 'brt',
      }),
    ])
  })
})
