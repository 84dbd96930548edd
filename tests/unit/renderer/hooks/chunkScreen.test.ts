// @vitest-environment happy-dom
import { act, createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { describe, expect, it } from 'vitest'
import { ChunkScreen } from '../../../../src/renderer/shared/ChunkScreen.js'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

/** What the screen shows with its chunk in the state given. */
async function shown(chunk: { Screen: string } | 'failed' | null) {
  const container = document.createElement('div')
  const root = createRoot(container)
  // Called as a function: it has no hooks, and its children are a function of the chunk.
  const screen = ChunkScreen({
    chunk,
    loading: 'Loading the dashboard…',
    failed: 'The dashboard could not be loaded.',
    children: (loaded) => createElement('h1', null, loaded.Screen),
  })
  await act(async () => root.render(screen))
  const html = container.innerHTML
  act(() => root.unmount())
  return html
}

describe('ChunkScreen', () => {
  it('says the screen is loading, then that it failed to, or shows it once its chunk is there', async () => {
    expect(await shown(null)).toBe('<p role="status">Loading the dashboard…</p>')
    expect(await shown('failed')).toBe('<p role="alert" class="problem">The dashboard could not be loaded.</p>')
    expect(await shown({ Screen: 'Dashboard of brt' })).toBe('<h1>Dashboard of brt</h1>')
  })
})
