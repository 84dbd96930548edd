import { afterEach, describe, expect, it } from 'vitest'
import { WindowClients } from '../../../src/main/electron/windowClients.js'
import { Services, type Peer } from '../../../src/main/services/services.js'
import { deferred } from '../../../src/shared/deferred.js'
import { spawnChild, useChildren } from '../../helpers/child.js'
import { eventually } from '../../helpers/eventually.js'
import { useTempDir } from '../../helpers/tempDir.js'

/**
 * The desktop app's windows and the services (src/main/electron/main.ts opens its window while the
 * services start), checked with real services on a real library, without Electron's binary.
 */
describe("the desktop app's windows as clients of the services", () => {
  const temp = useTempDir()
  useChildren()
  const started: Services[] = []
  afterEach(async () => {
    for (const services of started.splice(0)) await services.stop()
  })
  const quiet = (): Peer => ({ event() {}, documentMessage() {} })

  it('answers what a window asked while the services started once they are up, and lets go of its documents when it closes', async () => {
    const starting = deferred<Services>()
    const windows = new WindowClients(starting.promise)
    const created = windows.request(1, quiet, 'library.create', { kind: 'case-study', title: 'Bogotá bike lanes' })
    const listed = windows.request(2, quiet, 'library.list', {})
    const services = await Services.start(temp.path)
    started.push(services)
    starting.resolve(services)

    const row = await created
    expect(row).toMatchObject({ ok: true, value: { meta: { title: 'Bogotá bike lanes' } } })
    expect(await listed).toMatchObject({ ok: true })
    const id = (row as { value: { id: string } }).value.id
    expect(await windows.request(1, quiet, 'documents.open', { id })).toMatchObject({ ok: true, value: { id } })
    expect(await windows.request(2, quiet, 'library.trash', { id })).toMatchObject({ ok: false, error: { code: 'DOCUMENT_IN_USE' } })

    windows.closed(1)
    await eventually(async () => (await windows.request(2, quiet, 'library.trash', { id })).ok, 'the closed window let go of the document')
  })

  it('answers every request with why when the services cannot start, and drops document messages', async () => {
    const holder = spawnChild('holdLibrary.ts', [temp.path])
    await holder.waitForLine((line) => line === 'ready')
    const windows = new WindowClients(Services.start(temp.path))

    windows.documentMessage(1, quiet, '0123456789abcdef', new Uint8Array([0, 0, 1, 0]))
    const reply = await windows.request(1, quiet, 'settings.get', {})
    // With the reason and the folder, from which the window words its sentence (errorText).
    expect(reply).toMatchObject({ ok: false, error: { code: 'LIBRARY_LOCKED', reason: 'inUse', params: { dir: temp.path } } })
    expect(reply.ok || reply.error.message).toMatch(new RegExp(`in use by another Casebook process \\(pid ${holder.process.pid} `))
    expect(await windows.request(1, quiet, 'library.list', {})).toMatchObject({ ok: false, error: { code: 'LIBRARY_LOCKED' } })
  })
})
