import type { MarkdownManager } from '@tiptap/markdown'

/**
 * marked (17.0.6) reads a quote that ends in a list followed by lazy lines (`> i. one`, then `ii. two`
 * without the `>`) by reading that list again with its own list tokenizer, which does not know TipTap's
 * roman and alphabetic lists, and then throws a TypeError. Such a quote is read without its lazy lines,
 * which follow it as blocks of their own: all the text is kept.
 */
export function readQuotesSafely(manager: MarkdownManager): void {
  const marked = manager.instance
  const readQuote = marked.Tokenizer.prototype.blockquote
  marked.use({
    tokenizer: {
      blockquote(src) {
        try {
          return readQuote.call(this, src)
        } catch (error) {
          if (!(error instanceof TypeError)) throw error
          return readQuote.call(this, quotedLines(src))
        }
      },
    },
  })
}

/** The lines of the text up to the first that does not start with `>`. */
function quotedLines(src: string): string {
  const lazy = /\n(?! {0,3}>)/.exec(src)
  return lazy ? src.slice(0, lazy.index) : src
}
