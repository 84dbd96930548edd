import { describe, expect, it } from 'vitest'
import { LazyPrinter } from '../../../src/main/export/LazyPrinter.js'
import type { Printer } from '../../../src/main/export/Printer.js'

/** Printers started so far, each answering the title it printed, and whether it was closed. */
function starter(failures = 0) {
  const started: { closed: boolean }[] = []
  let left = failures
  const start = async (): Promise<Printer> => {
    if (left-- > 0) throw new Error('no Chromium')
    const printer = { closed: false }
    started.push(printer)
    return {
      print: async (_html, title) => new TextEncoder().encode(title),
      close: async () => {
        printer.closed = true
      },
    }
  }
  return { started, start }
}

describe('a printer started at its first print', () => {
  it('starts nothing until a print, then keeps the one it started, and closes it for good', async () => {
    const { started, start } = starter()
    const printer = new LazyPrinter(start)
    expect(started).toHaveLength(0)
    const prints = await Promise.all([printer.print('<p>', 'one'), printer.print('<p>', 'two')])
    expect(prints.map((bytes) => new TextDecoder().decode(bytes))).toEqual(['one', 'two'])
    expect(started).toEqual([{ closed: false }])
    await printer.close()
    expect(started).toEqual([{ closed: true }])
    await expect(printer.print('<p>', 'three')).rejects.toThrow('The printer is closed.')
    expect(started).toHaveLength(1)
  })

  it('tries again at the next print when starting failed', async () => {
    const { started, start } = starter(1)
    const printer = new LazyPrinter(start)
    await expect(printer.print('<p>', 'one')).rejects.toThrow('no Chromium')
    expect(new TextDecoder().decode(await printer.print('<p>', 'two'))).toBe('two')
    expect(started).toHaveLength(1)
    await printer.close()
  })
})
