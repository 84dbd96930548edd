import { afterEach, describe, expect, it } from 'vitest'
import { Services } from '../../../src/main/services/services.js'
import type { BackendEvent, DocumentRow } from '../../../src/shared/ipc/contract.js'
import { inProcessApi } from '../../helpers/api.js'
import { eventually } from '../../helpers/clients.js'
import { TempDirs } from '../../helpers/tempDirs.js'

type LibraryChanged = Extract<BackendEvent, { type: 'library-changed' }>

describe('library-changed, as the back end tells it', () => {
  const dirs = new TempDirs('casebook-library-changed-')
  const running: { services: Services; api: ReturnType<typeof inProcessApi> }[] = []
  afterEach(async () => {
    for (const { services, api } of running.splice(0)) {
      await api.close()
      await services.stop()
    }
    dirs.removeAll()
  })

  async function backend() {
    const services = await Services.start(dirs.make())
    const api = inProcessApi(services)
    running.push({ services, api })
    /** The next library-changed event after those already told. */
    const next = async (): Promise<LibraryChanged> => {
      const told = api.events.length
      await eventually(() => api.events.slice(told).some((event) => event.type === 'library-changed'), 'the library change is told')
      return api.events.slice(told).find((event): event is LibraryChanged => event.type === 'library-changed')!
    }
    return { api, next }
  }

  const withoutSync = (row: DocumentRow) => ({ ...row, sync: expect.any(String) })

  it('carries the created, edited, trashed and restored row to each place, not the whole list', async () => {
    const { api, next } = await backend()
    const other = await api.request('library.create', { kind: 'case-study', title: 'Bogotá bike lanes', city: 'Bogotá' })
    await next()

    let told = next()
    const created = await api.request('library.create', { kind: 'lessons-learned', title: 'Lagos BRT', city: 'Lagos' })
    expect((await told).changes).toEqual({ documents: { upserted: [withoutSync(created)], removed: [] }, trash: { upserted: [], removed: [created.id] } })

    told = next()
    const edited = await api.request('documents.setMeta', { id: created.id, patch: { title: 'Lagos BRT, year two', city: null } })
    const { changes } = await told
    expect(changes.documents.upserted).toHaveLength(1)
    expect(changes.documents.upserted[0]).toMatchObject({ id: created.id, meta: { title: 'Lagos BRT, year two', kind: 'lessons-learned' } })
    expect(changes.documents.upserted[0]?.meta.city).toBeUndefined()
    expect(changes.documents.upserted[0]?.meta).toEqual(edited.meta)
    expect(changes.trash).toEqual({ upserted: [], removed: [created.id] })

    told = next()
    await api.request('library.trash', { id: created.id })
    const trashed = (await told).changes
    expect(trashed.documents).toEqual({ upserted: [], removed: [created.id] })
    expect(trashed.trash.removed).toEqual([])
    expect(trashed.trash.upserted.map((row) => [row.id, row.meta.title, typeof row.trashedAt])).toEqual([[created.id, 'Lagos BRT, year two', 'string']])

    told = next()
    await api.request('library.restore', { id: created.id })
    const restored = (await told).changes
    expect(restored.trash).toEqual({ upserted: [], removed: [created.id] })
    expect(restored.documents.upserted.map((row) => [row.id, row.trashedAt])).toEqual([[created.id, undefined]])
    // No event ever named the document nobody touched after its creation.
    const named = api.events
      .filter((event): event is LibraryChanged => event.type === 'library-changed')
      .slice(1)
      .flatMap(({ changes }) => [...changes.documents.upserted.map((row) => row.id), ...changes.documents.removed, ...changes.trash.removed])
    expect(named).not.toContain(other.id)
  })
})
