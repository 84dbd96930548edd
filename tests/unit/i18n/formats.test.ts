import { describe, expect, it } from 'vitest'
import { formats } from '../../../src/renderer/i18n/formats.js'

describe('dates, numbers and lists in the window’s language', () => {
  const updated = '2026-11-23T10:00:00Z'
  const now = Date.parse('2026-11-26T10:00:00Z')

  it('write a day as each language does', () => {
    expect(formats('en').day(updated)).toBe('Nov 23, 2026')
    expect(formats('fr').day(updated)).toBe('23 nov. 2026')
    expect(formats('es').day(updated)).toBe('23 nov 2026')
    expect(formats('pt-BR').day(updated)).toBe('23 de nov. de 2026')
    expect(formats('zh-CN').day(updated)).toBe('2026年11月23日')
  })

  it('say how long ago in the largest whole unit', () => {
    expect(formats('en').relative(updated, now)).toBe('3 days ago')
    expect(formats('es').relative(updated, now)).toBe('hace 3 días')
    expect(formats('fr').relative('2026-11-25T10:00:00Z', now)).toBe('hier')
    expect(formats('zh-CN').relative('2026-11-26T07:00:00Z', now)).toBe('3小时前')
    expect(formats('pt-BR').relative('2026-11-26T09:59:30Z', now)).toBe('há 30 segundos')
  })

  it('write a time of today alone, and of another day with its day', () => {
    const at = new Date(2026, 10, 27, 16, 30).toISOString()
    expect(formats('en').time(at, new Date(2026, 10, 27, 9, 0).getTime())).toBe('4:30 PM')
    expect(formats('fr').time(at, new Date(2026, 10, 27, 9, 0).getTime())).toBe('16:30')
    expect(formats('fr').time(at, new Date(2026, 10, 28, 9, 0).getTime())).toBe('27 nov. 2026, 16:30')
  })

  it('join alternatives with the language’s own “or”', () => {
    expect(formats('en').choices(['draft', 'in-review', 'published'])).toBe('draft, in-review, or published')
    expect(formats('fr').choices(['draft', 'in-review', 'published'])).toBe('draft, in-review ou published')
    expect(formats('zh-CN').choices(['draft', 'published'])).toBe('draft或published')
  })
})
