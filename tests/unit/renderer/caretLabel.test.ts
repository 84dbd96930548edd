import { describe, expect, it } from 'vitest'
import { caretLabel, textColorOn } from '../../../src/renderer/shared/caretLabel.js'

describe('collaborators’ carets', () => {
  it('are labelled with the name, and the city when there is one', () => {
    expect(caretLabel({ name: 'Amara Okafor', city: 'Lagos' })).toBe('Amara Okafor · Lagos')
    expect(caretLabel({ name: 'Wei' })).toBe('Wei')
  })

  it('write their label in black on light colours and in white on dark ones', () => {
    expect(textColorOn('#ffd54f')).toBe('#111')
    expect(textColorOn('#1d4ed8')).toBe('#fff')
    expect(textColorOn('#c2410c')).toBe('#fff')
  })
})
