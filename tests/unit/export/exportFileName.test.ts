import { describe, expect, it } from 'vitest'
import { exportFileName } from '../../../src/shared/export/exportFormat.js'

describe('the name an export is offered under', () => {
  it('is the title with what Windows, macOS or Linux refuse in a name made spaces, and the format’s extension', () => {
    expect(exportFileName('Bogotá: bike lanes / 2024 <draft>?', 'pdf')).toBe('Bogotá bike lanes 2024 draft.pdf')
    expect(exportFileName('Tab\tand\nline "quoted" a|b*c\\d', 'docx')).toBe('Tab and line quoted a b c d.docx')
  })

  it('has no leading or trailing dots, is at most 120 characters before the extension, and is never empty', () => {
    expect(exportFileName('..hidden.', 'md')).toBe('hidden.md')
    expect(exportFileName('???', 'html')).toBe('document.html')
    expect(exportFileName('雨'.repeat(200), 'pdf')).toBe(`${'雨'.repeat(120)}.pdf`)
  })
})
