import { describe, expect, it } from 'vitest'
import { chartLabels } from '../../../src/renderer/dashboard/chartLabels.js'
import { englishT } from '../../helpers/englishT.js'

describe('chartLabels', () => {
  it('gives the charts the catalog’s words, each status by its name in the window', async () => {
    const labels = chartLabels(await englishT(), 'en')
    expect(labels.titles).toEqual({
      overTime: 'Documents per month',
      byStatus: 'Documents by status',
      mostAdapted: 'Most adapted case studies',
      contributors: 'Contributors per city',
    })
    expect(labels.statuses).toEqual({ draft: 'Draft', submitted: 'Submitted', 'in-review': 'In review', published: 'Published', archived: 'Archived' })
    expect([labels.noCity, labels.adaptingCities, labels.untitled]).toEqual(['No city', 'Adapted by', 'Untitled'])
  })

  it('names a month in the window’s language, whatever the time zone: the months are counted in UTC', async () => {
    const t = await englishT()
    // West of Greenwich, 1 January 00:00 UTC is still 31 December.
    const zone = process.env['TZ']
    process.env['TZ'] = 'America/Lima'
    try {
      expect(chartLabels(t, 'en').monthName('2026-01')).toBe('Jan 2026')
    } finally {
      if (zone === undefined) delete process.env['TZ']
      else process.env['TZ'] = zone
    }
    expect(chartLabels(t, 'fr').monthName('2026-01')).toBe('janv. 2026')
    expect(chartLabels(t, 'es').monthName('2025-12')).toBe('dic 2025')
  })
})
