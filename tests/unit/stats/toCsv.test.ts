import { describe, expect, it } from 'vitest'
import { toCsv } from '../../../src/shared/stats/toCsv.js'

describe('toCsv', () => {
  it('writes rows as RFC 4180 says: commas between fields, CRLF after each line, a field quoted only when it must be', () => {
    expect(
      toCsv([
        ['City', 'Names'],
        ['Lagos', 'Ada Obi, Bola'],
        ['Quito', 'Carmen "La Jefa" Ruiz'],
        ['Lima', 'two\nlines'],
        ['', 'plain'],
      ]),
    ).toBe('City,Names\r\nLagos,"Ada Obi, Bola"\r\nQuito,"Carmen ""La Jefa"" Ruiz"\r\nLima,"two\nlines"\r\n,plain\r\n')
  })

  it('puts a quote before a cell a spreadsheet would read as a formula, and quotes it if it must', () => {
    expect(toCsv([['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', '\t=1', 'a=b', 'e-mail', '12']])).toBe(
      `"'=HYPERLINK(""http://x"")",'+1,'-2,'@SUM(A1),'\t=1,a=b,e-mail,12\r\n`,
    )
  })
})
