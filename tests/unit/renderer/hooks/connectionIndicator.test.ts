// @vitest-environment happy-dom
import { act, createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it } from 'vitest'
import { ConnectionIndicator } from '../../../../src/renderer/app/ConnectionIndicator.js'
import { i18n } from '../../../../src/renderer/i18n/i18n.js'
import type { NetworkStatus } from '../../../../src/shared/ipc/contract.js'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const network = (id: string, online: boolean, progress?: NetworkStatus['progress']): NetworkStatus => ({
  id,
  relayUrl: 'wss://relay.example.org',
  role: 'member',
  online,
  members: [],
  ...(progress ? { progress } : {}),
})

/** The indicator's statuses, as text, and its progress bar's value and maximum. */
async function shown(networks: NetworkStatus[]) {
  const container = document.createElement('div')
  const root = createRoot(container)
  await act(async () => root.render(createElement(I18nextProvider, { i18n }, createElement(ConnectionIndicator, { networks }))))
  const statuses = [...container.querySelectorAll('[role="status"]')].map((element) => element.textContent)
  const bar = container.querySelector('progress')
  act(() => root.unmount())
  return { statuses, bar: bar && { value: bar.value, max: bar.max } }
}

describe('ConnectionIndicator', () => {
  it('shows how far every network syncing many documents is, together', async () => {
    expect(
      await shown([network('brt', true, { synced: 120, total: 500 }), network('buildings', false, { synced: 10, total: 20 }), network('adaptation', true)]),
    ).toEqual({
      statuses: ['Online', 'Syncing 130 of 520 documents and images'],
      bar: { value: 130, max: 520 },
    })
  })

  it('shows no progress when no network is syncing many documents', async () => {
    expect(await shown([network('brt', false)])).toEqual({ statuses: ['Offline'], bar: null })
    expect(await shown([])).toEqual({ statuses: ['No network joined'], bar: null })
  })
})
