import { describe, expect, it } from 'vitest'
import { caretColor, NEUTRAL_COLOR } from '../../../src/renderer/editor/caretColor.js'

describe('the colour of a caret', () => {
  it('is the given #rrggbb colour', () => {
    expect(caretColor('#1d4ed8')).toBe('#1d4ed8')
    expect(caretColor('#C2410C')).toBe('#C2410C')
  })

  it.each([
    ['a CSS injection', '#000000; background-image: url(https://evil.example/x)'],
    ['a colour followed by a newline', '#000000\n'],
    ['a url()', 'url(https://evil.example/x)'],
    ['a named colour', 'red'],
    ['a short hex colour', '#fff'],
    ['an rgba hex colour', '#11223344'],
    ['a colour function', 'rgb(1, 2, 3)'],
    ['an empty string', ''],
    ['a number', 0x1d4ed8],
    ['an object', { toString: () => '#1d4ed8' }],
    ['nothing', undefined],
  ])('falls back to the neutral colour for %s', (_case, value) => {
    expect(caretColor(value)).toBe(NEUTRAL_COLOR)
  })
})
