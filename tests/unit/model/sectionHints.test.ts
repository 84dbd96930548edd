import { describe, expect, it } from 'vitest'
import { KINDS } from '../../../src/shared/model/kinds.js'
import { sectionHint } from '../../../src/shared/model/sectionHints.js'

describe('template placeholders', () => {
  it('give every section of every template a hint of its own', () => {
    for (const section of Object.values(KINDS).flatMap((kind) => kind.sections)) expect(sectionHint(section), section).not.toMatch(/^Write about/)
  })

  it('fall back to a plain invitation outside the templates', () => {
    expect(sectionHint('Budget')).toBe('Write about budget…')
    expect(sectionHint(undefined)).toBe('Start writing…')
  })
})
