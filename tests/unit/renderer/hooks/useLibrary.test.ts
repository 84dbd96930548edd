// @vitest-environment happy-dom
import { act, createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { afterEach, describe, expect, it } from 'vitest'
import { askFirstList } from '../../../../src/renderer/app/firstList.js'
import { useLibrary } from '../../../../src/renderer/app/useLibrary.js'
import type { BackendEvent, DocumentRow, SearchHit } from '../../../../src/shared/ipc/contract.js'
import { documentRow as row } from '../../../helpers/documentRow.js'
import { fakeApi } from './fakeApi.js'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const mounted: { unmount(): void }[] = []
afterEach(() => {
  for (const root of mounted.splice(0)) act(() => root.unmount())
})

/** What the hook returned last, in the component that uses it. */
let seen: ReturnType<typeof useLibrary> | null = null
function Probe({ args }: { args: Parameters<typeof useLibrary> }) {
  seen = useLibrary(...args)
  return null
}

/** Mounts a component using the hook; `seen()` is what it returned last. */
async function mountHook(...args: Parameters<typeof useLibrary>) {
  const root = createRoot(document.createElement('div'))
  mounted.push(root)
  await act(async () => root.render(createElement(Probe, { args })))
  return Object.assign(() => seen!, {
    rerender: (...next: Parameters<typeof useLibrary>) => act(async () => root.render(createElement(Probe, { args: next }))),
  })
}

const turns = (ms: number) => act(async () => new Promise((resolve) => setTimeout(resolve, ms)))

const titles = (rows: (DocumentRow | SearchHit)[] | null) => rows?.map((item) => `${item.meta.title}:${item.sync}`)
const changed = (upserted: DocumentRow[], removed: string[] = []): BackendEvent => ({
  type: 'library-changed',
  changes: { documents: { upserted, removed }, trash: { upserted: [], removed: [] } },
})

describe('useLibrary with the list asked for at launch', () => {
  it('takes that answer instead of asking again, with what was told before it mounted applied', async () => {
    const { api, asked, tell } = fakeApi()
    const first = askFirstList(api)
    expect(asked.map(({ channel, input }) => [channel, input])).toEqual([['library.list', { place: 'documents' }]])
    // Told while the window first rendered: one before the answer, then the answer, then one after.
    tell(changed([row('c', 'created')]))
    asked[0]!.answer([row('a'), row('b')])
    await Promise.resolve()
    tell({ type: 'sync-state', id: 'a', state: 'synced' })
    tell(changed([], ['b']))

    const seen = await mountHook(api, 'documents', '', first)
    await act(async () => new Promise((resolve) => setTimeout(resolve, 10)))
    expect(asked).toHaveLength(1)
    expect(titles(seen().rows)).toEqual(['a:synced', 'created:local-only'])

    // From then on the hook listens itself.
    await act(async () => tell({ type: 'sync-state', id: 'c', state: 'synced' }))
    expect(titles(seen().rows)).toEqual(['a:synced', 'created:synced'])
  })

  it('applies what is told between mounting and the answer, once, and asks for the list itself a second time', async () => {
    const { api, asked, tell } = fakeApi()
    const first = askFirstList(api)
    const seen = await mountHook(api, 'documents', '', first)
    await act(async () => new Promise((resolve) => setTimeout(resolve, 10)))
    await act(async () => tell(changed([row('n', 'new')])))
    await act(async () => asked[0]!.answer([row('a')]))
    expect(titles(seen().rows)).toEqual(['a:local-only', 'new:local-only'])
    expect(asked).toHaveLength(1)

    // Taken once: another mount asks.
    await mountHook(api, 'documents', '', first)
    await act(async () => new Promise((resolve) => setTimeout(resolve, 10)))
    expect(asked.map(({ channel }) => channel)).toEqual(['library.list', 'library.list'])
  })

  it('leaves the trash to ask for its own list', async () => {
    const { api, asked } = fakeApi()
    const first = askFirstList(api)
    await mountHook(api, 'trash', '', first)
    await act(async () => new Promise((resolve) => setTimeout(resolve, 10)))
    expect(asked.map(({ input }) => input)).toEqual([{ place: 'documents' }, { place: 'trash' }])
  })
})

describe('useLibrary searching as the user types', () => {
  it('searches the first query at once, then at most once per 120 ms, for the last one typed', async () => {
    const { api, asked } = fakeApi()
    const hook = await mountHook(api, 'documents', 'b')
    // Before the first timer's time is up: only a timer of 0 ms could have run.
    await turns(5)
    expect(asked.map(({ channel, input }) => [channel, input])).toEqual([['library.search', { query: 'b' }]])
    await hook.rerender(api, 'documents', 'br')
    await hook.rerender(api, 'documents', 'brt')
    await turns(5)
    expect(asked).toHaveLength(1)
    await turns(200)
    expect(asked.map(({ input }) => input)).toEqual([{ query: 'b' }, { query: 'brt' }])
  })
})
