import { describe, expect, it } from 'vitest'
import { applyPlaceChange } from '../../../src/renderer/app/applyPlaceChange.js'
import { documentRow as row } from '../../helpers/documentRow.js'

describe('applyPlaceChange', () => {
  const rows = [row('a'), row('b'), row('c')]

  it('replaces a changed row where it stands, adds a new one, and drops the removed ones', () => {
    const next = applyPlaceChange(rows, { upserted: [row('d', 'new'), row('b', 'renamed')], removed: ['c'] })
    expect(next.map(({ id, meta }) => [id, meta.title])).toEqual([
      ['a', 'a'],
      ['b', 'renamed'],
      ['d', 'new'],
    ])
    expect(rows.map(({ id }) => id)).toEqual(['a', 'b', 'c'])
  })

  it('ignores removals of rows it does not hold, and holds each id once when told a row it has already', () => {
    const next = applyPlaceChange(rows, { upserted: [row('a', 'again')], removed: ['zz'] })
    expect(next.map(({ id, meta }) => [id, meta.title])).toEqual([
      ['a', 'again'],
      ['b', 'b'],
      ['c', 'c'],
    ])
  })

  it('keeps the same list when nothing changed in its place, so that nothing is drawn again', () => {
    expect(applyPlaceChange(rows, { upserted: [], removed: [] })).toBe(rows)
  })
})
