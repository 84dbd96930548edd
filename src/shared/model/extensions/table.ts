import { Table as BaseTable, renderTableToMarkdown } from '@tiptap/extension-table'

/**
 * TipTap's table, minus the blank lines its Markdown renderer puts around every table: blocks are
 * already separated by one blank line, and the extra ones would make an export differ from the file
 * it was imported from.
 */
export const Table = BaseTable.extend({
  renderMarkdown(node, helpers) {
    return renderTableToMarkdown(node, helpers).trim()
  },
})
