import { ChromiumPrinter } from '../main/export/ChromiumPrinter.js'
import { LazyPrinter } from '../main/export/LazyPrinter.js'
import type { Printer } from '../main/export/Printer.js'

/** Runs `work` with a printer that starts Chromium only if a PDF is printed, and stops it once `work` is done, whatever happens. */
export async function withPrinter<T>(work: (printer: Printer) => Promise<T>): Promise<T> {
  const printer = new LazyPrinter(() => ChromiumPrinter.launch())
  try {
    return await work(printer)
  } finally {
    await printer.close()
  }
}
