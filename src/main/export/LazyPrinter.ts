import type { Printer } from './Printer.js'

/**
 * A printer started at its first print, not before: Chromium (most of a second, and memory) only
 * once a PDF is asked for, and then kept for the next. A start that fails is tried again at the
 * next print, since the user may have installed Chromium meanwhile.
 */
export class LazyPrinter implements Printer {
  private started: Promise<Printer> | null = null
  private closed = false

  constructor(private readonly start: () => Promise<Printer>) {}

  async print(html: string, title: string): Promise<Uint8Array> {
    // Nothing starts Chromium again once the services have stopped.
    if (this.closed) throw new Error('The printer is closed.')
    this.started ??= this.start().catch((error: unknown) => {
      this.started = null
      throw error
    })
    return (await this.started).print(html, title)
  }

  async close(): Promise<void> {
    this.closed = true
    const started = this.started
    this.started = null
    await started?.then(
      (printer) => printer.close(),
      () => {},
    )
  }
}
