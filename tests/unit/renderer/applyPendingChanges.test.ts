import { describe, expect, it } from 'vitest'
import { applyPendingChanges } from '../../../src/renderer/app/applyPendingChanges.js'
import { documentRow as row } from '../../helpers/documentRow.js'

describe('applyPendingChanges', () => {
  it('adds a row created and drops a row removed while the answer was on its way, in the order told', () => {
    // The answer was read before 'd' was created and 'c' removed; 'b' was renamed, then renamed again.
    const answer = [row('a'), row('b'), row('c')]
    const next = applyPendingChanges(answer, [
      { upserted: [row('d', 'new'), row('b', 'first')], removed: [] },
      { upserted: [row('b', 'second')], removed: ['c'] },
    ])
    expect(next.map(({ id, meta }) => [id, meta.title])).toEqual([
      ['a', 'a'],
      ['b', 'second'],
      ['d', 'new'],
    ])
  })

  it('changes nothing when the answer already holds a change told while it was on its way', () => {
    const answer = [row('a'), row('d', 'new')]
    const next = applyPendingChanges(answer, [{ upserted: [row('d', 'new')], removed: ['c'] }])
    expect(next.map(({ id, meta }) => [id, meta.title])).toEqual([
      ['a', 'a'],
      ['d', 'new'],
    ])
  })
})
