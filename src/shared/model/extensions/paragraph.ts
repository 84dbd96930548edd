import BaseParagraph from '@tiptap/extension-paragraph'
import type { MarkdownToken } from '@tiptap/core'
import { escapeBlockStarts } from './escapeBlockStarts.js'

/**
 * TipTap's paragraph, with two Markdown fixes that keep import and export faithful:
 * - text that happens to begin like Markdown block syntax ("# 5 reasons", "1986. A year") is escaped
 *   on export, so it does not come back as a heading or a list;
 * - a paragraph holding only an image stays a paragraph, as one holding an image among its text
 *   does: an image found beside the file is then taken out into a block of its own, and any other is
 *   a link (see src/shared/export/markdownImages.ts).
 */
const baseParse = BaseParagraph.config.parseMarkdown!
const baseRender = BaseParagraph.config.renderMarkdown!

export const Paragraph = BaseParagraph.extend({
  parseMarkdown(token, helpers) {
    const tokens: MarkdownToken[] = token.tokens ?? []
    if (tokens.length === 1 && tokens[0]?.type === 'image') {
      return helpers.createNode('paragraph', undefined, helpers.parseInline(tokens))
    }
    return baseParse(token, helpers)
  },

  renderMarkdown(node, helpers, context) {
    return escapeBlockStarts(baseRender(node, helpers, context))
  },
})
