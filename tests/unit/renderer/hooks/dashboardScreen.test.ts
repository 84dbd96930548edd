// @vitest-environment happy-dom
import { act, createElement } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { I18nextProvider } from 'react-i18next'
import { afterEach, describe, expect, it } from 'vitest'
import { DashboardScreen } from '../../../../src/renderer/dashboard/DashboardScreen.js'
import { i18n } from '../../../../src/renderer/i18n/i18n.js'
import { LAGOS_BRT, LONG_TITLE, NETWORK_STATS, UNTITLED } from '../../../helpers/networkStatsFixture.js'
import { fakeApi } from './fakeApi.js'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const mounted: Root[] = []
const restore: (() => void)[] = []
afterEach(() => {
  for (const root of mounted.splice(0)) act(() => root.unmount())
  for (const undo of restore.splice(0)) undo()
})

/** The dashboard of network brt, its figures answered; what it opened and where it went back to. */
async function dashboard() {
  const { api, asked } = fakeApi()
  const opened: string[] = []
  let back = 0
  const container = document.createElement('div')
  document.body.append(container)
  const root = createRoot(container)
  mounted.push(root)
  const screen = createElement(DashboardScreen, { api, network: 'brt', onOpen: (id: string) => opened.push(id), onBack: () => back++ })
  await act(async () => root.render(createElement(I18nextProvider, { i18n }, screen)))
  await act(async () => asked[0]!.answer(NETWORK_STATS))
  return { container, asked, opened, backs: () => back, unmount: () => act(async () => root.unmount()) }
}

const text = (element: Element | null | undefined) => element?.textContent?.replace(/\s+/g, ' ').trim()
/** A table's caption and its rows, each row's cells as text. */
const table = (element: Element) => ({
  caption: text(element.querySelector('caption')),
  rows: [...element.querySelectorAll('tr')].map((row) => [...row.children].map(text)),
})
const button = (scope: Element, name: string) => [...scope.querySelectorAll('button')].find((one) => text(one) === name)!

describe('DashboardScreen', () => {
  it('names the network in its heading, each part under its own, and goes back to the networks', async () => {
    const { container, backs } = await dashboard()
    expect(text(container.querySelector('h1'))).toBe('Dashboard of brt')
    expect([...container.querySelectorAll('h2')].map(text)).toEqual(['Counts', 'Charts', 'Reach', 'Recent activity'])
    expect(text(container.querySelector('.dashboard-summary'))).toBe('7 documents · 3 adaptations of its case studies')
    button(container, 'Back to networks').click()
    expect(backs()).toBe(1)
  })

  it('counts the documents by status, kind, city and topic, and the contributors per city, each a captioned table', async () => {
    const { container } = await dashboard()
    const tables = [...container.querySelectorAll('.dashboard-counts table')].map(table)
    expect(tables).toEqual([
      {
        caption: 'Documents by status',
        rows: [
          ['Status', 'Documents'],
          ['Draft', '4'],
          ['Submitted', '0'],
          ['In review', '1'],
          ['Published', '2'],
          ['Archived', '0'],
        ],
      },
      {
        caption: 'Documents by kind',
        rows: [
          ['Kind', 'Documents'],
          ['Case study', '5'],
          ['Lessons learned', '2'],
          ['Workshop notes', '0'],
        ],
      },
      {
        caption: 'Documents by city',
        rows: [
          ['City', 'Documents'],
          ['Lagos', '5'],
          ['No city', '2'],
        ],
      },
      {
        caption: 'Documents by topic',
        rows: [
          ['Topic', 'Documents'],
          ['Transit', '3'],
        ],
      },
      {
        caption: 'Contributors per city',
        rows: [
          ['City', 'Contributors', 'Names'],
          ['Lagos', '3', 'Ada Obi, Bola, and Chidi'],
          ['No city', '1', 'Dee'],
        ],
      },
    ])
    // Row names are row headers, for a screen reader to say with each figure.
    expect([...container.querySelectorAll('.dashboard-counts tbody th')].every((cell) => cell.getAttribute('scope') === 'row')).toBe(true)
  })

  it('shows each chart as a figure named by its title: the SVG, its figures as a table under a disclosure, and buttons to save it', async () => {
    const { container } = await dashboard()
    const figures = [...container.querySelectorAll('figure')]
    const named = (figure: Element) => text(container.querySelector(`[id="${figure.getAttribute('aria-labelledby')}"]`))
    expect(figures.map(named)).toEqual(['Documents per month', 'Documents by status', 'Most adapted case studies', 'Contributors per city'])
    const status = figures[1]!
    expect(status.querySelector('.chart-image svg')?.getAttribute('aria-label')).toBe('Documents by status')
    expect(status.querySelectorAll('.chart-image svg g[aria-label="bar"] rect')).toHaveLength(5)
    expect(text(status.querySelector('details summary'))).toBe('Table')
    expect(table(status.querySelector('details table')!).rows.slice(0, 2)).toEqual([
      ['Status', 'Documents'],
      ['Draft', '4'],
    ])
    const actions = status.querySelector('[role="group"]')!
    expect(actions.getAttribute('aria-label')).toBe('Save “Documents by status”')
    expect([...actions.querySelectorAll('button')].map(text)).toEqual(['Save as SVG', 'Save as PNG', 'Save data as CSV'])
  })

  it('saves a chart’s figures as CSV and its SVG as a file, each named after the network and the chart', async () => {
    const { container } = await dashboard()
    const saved: { name: string; blob: Blob }[] = []
    const blobs = new Map<string, Blob>()
    const { createObjectURL, revokeObjectURL } = URL
    URL.createObjectURL = (blob: Blob) => {
      const url = `blob:test/${blobs.size}`
      blobs.set(url, blob)
      return url
    }
    URL.revokeObjectURL = () => {}
    const click = HTMLAnchorElement.prototype.click
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, blob: blobs.get(this.href)! })
    }
    restore.push(() => {
      Object.assign(URL, { createObjectURL, revokeObjectURL })
      HTMLAnchorElement.prototype.click = click
    })
    const contributors = container.querySelectorAll('figure')[3]!
    await act(async () => button(contributors, 'Save data as CSV').click())
    await act(async () => button(contributors, 'Save as SVG').click())
    expect(saved.map(({ name, blob }) => [name, blob.type])).toEqual([
      ['brt-contributors.csv', 'text/csv'],
      ['brt-contributors.svg', 'image/svg+xml'],
    ])
    expect(new Uint8Array(await saved[0]!.blob.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]))
    expect(await saved[0]!.blob.text()).toBe('\uFEFFCity,Contributors,Names\r\nLagos,3,"Ada Obi, Bola, Chidi"\r\nNo city,1,Dee\r\n')
    const svg = await saved[1]!.blob.text()
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true)
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"')
  })

  it('lists the case studies adapted the most, each opening its document, with how often and by which cities', async () => {
    const { container, opened } = await dashboard()
    const items = [...container.querySelectorAll('.reach-list li')]
    expect(items.map(text)).toEqual([`${LONG_TITLE}from Lagos2 adaptations, by No city and Quito`, 'Untitled1 adaptation, by Jakarta'])
    button(items[0]!, LONG_TITLE).click()
    button(items[1]!, 'Untitled').click()
    expect(opened).toEqual([LAGOS_BRT, UNTITLED])
  })

  it('lists what changed and who changed it, the new marked so in words, with how many are new', async () => {
    const { container, opened } = await dashboard()
    expect(text(container.querySelector('.activity-count'))).toBe('2 changes since you last looked')
    const items = [...container.querySelectorAll('.activity-list li')]
    expect(
      items.map((item) => [text(item.querySelector('.badge-new')) ?? '', text(item.querySelector('button')), text(item.querySelector('.activity-what'))]),
    ).toEqual([
      ['New', LONG_TITLE, 'Moved to “Published” by Ada Obi'],
      ['New', LONG_TITLE, 'Adapted for Quito'],
      ['', 'Untitled', 'Edited'],
      ['', 'Untitled', 'Created by Bola'],
    ])
    expect(items.map((item) => item.querySelector('time')?.getAttribute('datetime'))).toEqual(NETWORK_STATS.activity.map(({ at }) => at))
    button(items[2]!, 'Untitled').click()
    expect(opened).toEqual([UNTITLED])
  })

  it('records the look when it is left', async () => {
    const { asked, unmount } = await dashboard()
    await unmount()
    expect(asked.map(({ channel }) => channel)).toEqual(['networks.stats', 'networks.lookedAtStats'])
  })
})
