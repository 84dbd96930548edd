import { Window } from 'happy-dom'
import { afterAll, describe, expect, it } from 'vitest'
import type { NetworkStats } from '../../../src/shared/model/networkStats.js'
import { type ChartLabels, ENGLISH_CHART_LABELS } from '../../../src/shared/stats/chartLabels.js'
import { networkCharts } from '../../../src/shared/stats/networkCharts.js'
import { LONG_TITLE, NETWORK_STATS } from '../../helpers/networkStatsFixture.js'

const window = new Window()
const document = window.document
afterAll(() => window.happyDOM.close())

/** Labels unlike the English ones, so that what the charts show is seen to come from them. */
const LABELS: ChartLabels = {
  ...ENGLISH_CHART_LABELS,
  titles: { overTime: 'Par mois', byStatus: 'Par statut', mostAdapted: 'Les plus adaptées', contributors: 'Contributeurs par ville' },
  month: 'Mois',
  created: 'Créés',
  submitted: 'Soumis',
  published: 'Publiés',
  noCity: 'Sans ville',
  untitled: 'Sans titre',
  statuses: { draft: 'Brouillon', submitted: 'Soumis', 'in-review': 'En relecture', published: 'Publié', archived: 'Archivé' },
  monthName: (month) => `m${month}`,
}

const STATS = NETWORK_STATS

const EMPTY: NetworkStats = {
  ...STATS,
  documents: 0,
  byStatus: STATS.byStatus.map(({ key }) => ({ key, count: 0 })),
  contributors: [],
  months: [],
  mostAdapted: [],
}

/** The chart's markup, parsed back as a page would read it. */
function parsed(svg: string) {
  const container = document.createElement('div')
  container.innerHTML = svg
  const root = container.firstElementChild!
  const texts = (group: string) => [...root.querySelectorAll(`g[aria-label="${group}"]:not([aria-description]) text`)].map((text) => text.textContent)
  const legend = () => [...root.querySelectorAll('g[aria-description="legend"]:not([aria-hidden]) text')].map((text) => text.textContent)
  return { root, texts, legend, titles: (selector: string) => [...root.querySelectorAll(`${selector} > title`)].map((title) => title.textContent) }
}

const chart = (id: string, stats = STATS) => networkCharts(stats, LABELS, document as never).find((one) => one.id === id)!

describe('networkCharts', () => {
  it('draws the four charts in order, each an image named by its title that stands alone as a file', () => {
    const charts = networkCharts(STATS, LABELS, document as never)
    expect(charts.map(({ id, title }) => [id, title])).toEqual([
      ['over-time', 'Par mois'],
      ['by-status', 'Par statut'],
      ['most-adapted', 'Les plus adaptées'],
      ['contributors', 'Contributeurs par ville'],
    ])
    for (const { svg, title } of charts) {
      const { root } = parsed(svg)
      expect(root.tagName.toLowerCase()).toBe('svg')
      expect([root.getAttribute('xmlns'), root.getAttribute('role'), root.getAttribute('aria-label')]).toEqual(['http://www.w3.org/2000/svg', 'img', title])
      // The window's policy refuses inline style sheets: none is left in.
      expect(root.querySelector('style')).toBeNull()
    }
  })

  it('documents per month: a line and a dot a month for created, submitted and published, the months named, and a legend', () => {
    const { svg, table } = chart('over-time')
    const { root, texts, legend, titles } = parsed(svg)
    const lines = [...root.querySelectorAll('g[aria-label="line"] path')]
    expect(lines.map((line) => line.getAttribute('aria-label'))).toEqual(['Créés', 'Soumis', 'Publiés'])
    // Three points each: a line of two segments.
    expect(lines.map((line) => line.getAttribute('d')!.split('L').length)).toEqual([3, 3, 3])
    expect(titles('g[aria-label="dot"] *')).toEqual([
      'Créés, m2025-12: 3',
      'Créés, m2026-01: 0',
      'Créés, m2026-02: 4',
      'Soumis, m2025-12: 1',
      'Soumis, m2026-01: 0',
      'Soumis, m2026-02: 2',
      'Publiés, m2025-12: 0',
      'Publiés, m2026-01: 0',
      'Publiés, m2026-02: 2',
    ])
    expect(texts('x-axis tick label')).toEqual(['m2025-12', 'm2026-01', 'm2026-02'])
    expect(legend()).toEqual(['Créés', 'Soumis', 'Publiés'])
    // Each series' shape in the legend is in its line's colour.
    const glyphs = [...root.querySelectorAll('g[aria-description="legend"][aria-hidden]')].map((glyph) => [glyph.textContent, glyph.getAttribute('fill')])
    expect(glyphs).toEqual(['●', '■', '▲'].map((glyph, index) => [glyph, lines[index]!.parentElement!.getAttribute('stroke')]))
    // The highest count is the top of the axis, counted in whole numbers.
    expect(texts('y-axis tick label')).toEqual(['0', '1', '2', '3', '4'])
    expect(table).toEqual({
      headers: ['Mois', 'Créés', 'Soumis', 'Publiés'],
      rows: [
        ['2025-12', '3', '1', '0'],
        ['2026-01', '0', '0', '0'],
        ['2026-02', '4', '2', '2'],
      ],
    })
  })

  it('names only some months of a long run under the axis, each month still a point', () => {
    const months = Array.from({ length: 30 }, (_, index) => ({
      month: `${2024 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`,
      created: index,
      submitted: 0,
      published: 0,
      adapted: 0,
    }))
    const { root, texts } = parsed(chart('over-time', { ...STATS, months }).svg)
    expect(texts('x-axis tick label')).toEqual(['m2024-01', 'm2024-06', 'm2024-11', 'm2025-04', 'm2025-09', 'm2026-02'])
    expect(root.querySelector('g[aria-label="line"] path')!.getAttribute('d')!.split('L')).toHaveLength(30)
  })

  it('documents by status: a bar per status in the workflow’s order, zeros too, as long as its count', () => {
    const { svg, table } = chart('by-status')
    const { root, texts, titles } = parsed(svg)
    expect(titles('g[aria-label="bar"] rect')).toEqual(['Brouillon: 4', 'Soumis: 0', 'En relecture: 1', 'Publié: 2', 'Archivé: 0'])
    const widths = [...root.querySelectorAll('g[aria-label="bar"] rect')].map((rect) => Number(rect.getAttribute('width')))
    expect(widths[0]).toBeGreaterThan(0)
    const shares = widths.map((width) => width / widths[0]!)
    for (const [index, share] of [1, 0, 0.25, 0.5, 0].entries()) expect(shares[index]).toBeCloseTo(share)
    expect(texts('y-axis tick label')).toEqual(['Brouillon', 'Soumis', 'En relecture', 'Publié', 'Archivé'])
    expect(texts('text')).toEqual(['4', '0', '1', '2', '0'])
    expect(table).toEqual({
      headers: ['Status', 'Documents'],
      rows: [
        ['Brouillon', '4'],
        ['Soumis', '0'],
        ['En relecture', '1'],
        ['Publié', '2'],
        ['Archivé', '0'],
      ],
    })
  })

  it('most adapted: a bar per case study, a long title cut beside its bar and whole in its table, one without a title or a city named so', () => {
    const { svg, table } = chart('most-adapted')
    const { texts, titles } = parsed(svg)
    expect(titles('g[aria-label="bar"] rect')).toEqual([`${LONG_TITLE}: 2`, 'Sans titre: 1'])
    expect(texts('y-axis tick label')).toEqual(['Bus rapid transit in a city of …', 'Sans titre'])
    expect(table).toEqual({
      headers: ['Case study', 'City', 'Adaptations', 'Adapted by'],
      rows: [
        [LONG_TITLE, 'Lagos', '2', 'Sans ville, Quito'],
        ['Sans titre', 'Sans ville', '1', 'Jakarta'],
      ],
    })
  })

  it('contributors per city: a bar per city as long as its people, those of no city under its label', () => {
    const { svg, table } = chart('contributors')
    const { root, texts } = parsed(svg)
    expect(texts('y-axis tick label')).toEqual(['Lagos', 'Sans ville'])
    const widths = [...root.querySelectorAll('g[aria-label="bar"] rect')].map((rect) => Number(rect.getAttribute('width')))
    expect(widths[1]! * 3).toBeCloseTo(widths[0]!)
    expect(table.rows).toEqual([
      ['Lagos', '3', 'Ada Obi, Bola, Chidi'],
      ['Sans ville', '1', 'Dee'],
    ])
  })

  it('keeps what people wrote as text: a title of markup is neither parsed nor run', () => {
    const title = '</title><script>alert(1)</script><title>&amp;'
    const stats = { ...STATS, mostAdapted: [{ ...STATS.mostAdapted[0]!, title }] }
    const { root, titles } = parsed(chart('most-adapted', stats).svg)
    expect(root.querySelector('script')).toBeNull()
    expect(titles('g[aria-label="bar"] rect')).toEqual([`${title}: 2`])
  })

  it('draws a network with no figures yet as empty charts with empty tables', () => {
    const charts = networkCharts(EMPTY, LABELS, document as never)
    expect(charts.map(({ table }) => table.rows.length)).toEqual([0, 5, 0, 0])
    expect(parsed(charts[0]!.svg).root.querySelectorAll('g[aria-label="line"] path')).toHaveLength(0)
    expect(parsed(charts[2]!.svg).root.querySelectorAll('rect')).toHaveLength(0)
  })
})
