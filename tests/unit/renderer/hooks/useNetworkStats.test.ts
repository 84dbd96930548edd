// @vitest-environment happy-dom
import { act, createElement } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, describe, expect, it } from 'vitest'
import { useNetworkStats } from '../../../../src/renderer/dashboard/useNetworkStats.js'
import type { BackendEvent, CasebookApi } from '../../../../src/shared/ipc/contract.js'
import { NETWORK_STATS } from '../../../helpers/networkStatsFixture.js'
import { fakeApi } from './fakeApi.js'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const mounted: Root[] = []
afterEach(() => {
  for (const root of mounted.splice(0)) act(() => root.unmount())
})

let seen: ReturnType<typeof useNetworkStats> | null = null
function Probe({ api, network }: { api: CasebookApi; network: string }) {
  seen = useNetworkStats(api, network)
  return null
}

async function mountHook(api: CasebookApi, network: string) {
  const root = createRoot(document.createElement('div'))
  mounted.push(root)
  await act(async () => root.render(createElement(Probe, { api, network })))
  return {
    seen: () => seen!,
    rerender: (next: string) => act(async () => root.render(createElement(Probe, { api, network: next }))),
    unmount: () => act(async () => root.unmount()),
  }
}

const libraryChanged: BackendEvent = { type: 'library-changed', changes: { documents: { upserted: [], removed: [] }, trash: { upserted: [], removed: [] } } }
const channels = (asked: ReturnType<typeof fakeApi>['asked']) => asked.map(({ channel, input }) => `${channel} ${(input as { network: string }).network}`)

describe('useNetworkStats', () => {
  it('asks for the network’s figures and gives them', async () => {
    const { api, asked } = fakeApi()
    const hook = await mountHook(api, 'brt')
    expect(channels(asked)).toEqual(['networks.stats brt'])
    expect(hook.seen().stats).toBeNull()
    await act(async () => asked[0]!.answer(NETWORK_STATS))
    expect(hook.seen().stats).toBe(NETWORK_STATS)
    expect(hook.seen().error).toBeNull()
  })

  it('asks again when the library changes, once for all the changes told while it asks', async () => {
    const { api, asked, tell } = fakeApi()
    const hook = await mountHook(api, 'brt')
    await act(async () => asked[0]!.answer(NETWORK_STATS))
    await act(async () => tell(libraryChanged))
    expect(channels(asked)).toEqual(['networks.stats brt', 'networks.stats brt'])
    // A sync tells many changes: while one request is out, they wait for one more.
    await act(async () => {
      for (let change = 0; change < 50; change++) tell(libraryChanged)
    })
    expect(asked).toHaveLength(2)
    const published = { ...NETWORK_STATS, documents: 8 }
    await act(async () => asked[1]!.answer(published))
    expect(asked).toHaveLength(3)
    expect(hook.seen().stats).toBe(published)
    await act(async () => asked[2]!.answer(NETWORK_STATS))
    expect(asked).toHaveLength(3)
  })

  it('asks again when its network’s adaptations change, not another’s', async () => {
    const { api, asked, tell } = fakeApi()
    await mountHook(api, 'brt')
    await act(async () => asked[0]!.answer(NETWORK_STATS))
    await act(async () => tell({ type: 'adaptations-changed', network: 'heat' }))
    await act(async () => tell({ type: 'curation-changed', network: 'brt' }))
    expect(asked).toHaveLength(1)
    await act(async () => tell({ type: 'adaptations-changed', network: 'brt' }))
    expect(channels(asked)).toEqual(['networks.stats brt', 'networks.stats brt'])
  })

  it('says why the figures could not be had, and asks again when told to', async () => {
    const { api, asked } = fakeApi()
    const hook = await mountHook(api, 'brt')
    await act(async () => asked[0]!.fail(new Error('not joined')))
    expect(hook.seen().error?.message).toBe('not joined')
    expect(hook.seen().stats).toBeNull()
    await act(async () => hook.seen().retry())
    expect(asked).toHaveLength(2)
    expect(hook.seen().error).toBeNull()
    await act(async () => asked[1]!.answer(NETWORK_STATS))
    expect(hook.seen().stats).toBe(NETWORK_STATS)
  })

  it('tells the back end the figures were looked at when they are left, once shown, and stops listening', async () => {
    const { api, asked, listening } = fakeApi()
    const hook = await mountHook(api, 'brt')
    await act(async () => asked[0]!.answer(NETWORK_STATS))
    expect(listening()).toBe(1)
    await hook.unmount()
    expect(channels(asked)).toEqual(['networks.stats brt', 'networks.lookedAtStats brt'])
    expect(listening()).toBe(0)
  })

  it('says the figures shown were looked at when the window is closed or reloaded, once', async () => {
    const { api, asked } = fakeApi()
    const hook = await mountHook(api, 'brt')
    await act(async () => asked[0]!.answer(NETWORK_STATS))
    window.dispatchEvent(new Event('pagehide'))
    expect(channels(asked)).toEqual(['networks.stats brt', 'networks.lookedAtStats brt'])
    await hook.unmount()
    expect(channels(asked)).toHaveLength(2)
  })

  it('does not say figures never shown were looked at', async () => {
    const { api, asked } = fakeApi()
    const hook = await mountHook(api, 'brt')
    await hook.unmount()
    // The answer comes after the screen was left: it is not shown, and nothing is said.
    await act(async () => asked[0]!.answer(NETWORK_STATS))
    expect(channels(asked)).toEqual(['networks.stats brt'])
  })

  it('leaving one network’s figures for another’s records the look at the first and asks for the second', async () => {
    const { api, asked } = fakeApi()
    const hook = await mountHook(api, 'brt')
    await act(async () => asked[0]!.answer(NETWORK_STATS))
    await hook.rerender('heat')
    expect(channels(asked)).toEqual(['networks.stats brt', 'networks.lookedAtStats brt', 'networks.stats heat'])
    expect(hook.seen().stats).toBeNull()
  })
})
