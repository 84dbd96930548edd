import { getExtensionField, type AnyExtension, type MarkdownTokenizer } from '@tiptap/core'
import { OrderedList, TaskList } from '@tiptap/extension-list'
import { Image } from '../model/extensions/image.js'
import { Table } from '../model/extensions/table.js'
import { schemaExtensions } from '../model/schema.js'
import { firstLines, upToLineThatEnds } from './lines.js'
import { mapExtensions } from './mapExtensions.js'
import { markdownImage } from './markdownImages.js'
import { ORDERED_ITEM } from './orderedItem.js'
import { readValidMarkdown } from './readValidMarkdown.js'
import { TASK_ITEM } from './taskListTokenizer.js'

/**
 * The schema's extensions, fitted to read any valid Markdown (see readValidMarkdown.ts), images read and
 * written as markdownImages.ts says, with TipTap's
 * ordered-list, task-list and table Markdown tokenizers made linear, for the Markdown converter. Marked
 * calls every block tokenizer at every block, and in TipTap 3.31.3 these three split the whole rest of
 * the document into lines each time (TipTap issue 8290): a 546 KB file took 53 s. Each guard below
 * gives the tokenizer exactly the answer it would have given on the whole source: it declines where
 * the tokenizer would decline (its first lines cannot start the block), and otherwise hands it the
 * source only up to a line that is bound to end the block. tests/unit/export/markdownExtensions.test.ts
 * compares the two on a varied corpus.
 */
export const markdownExtensions: AnyExtension[] = mapExtensions(mapExtensions(schemaExtensions, readValidMarkdown), (extension) => {
  if (extension.name === OrderedList.name) return guarded(extension, guardOrderedList)
  if (extension.name === TaskList.name) return guarded(extension, guardTaskList)
  if (extension.name === Table.name) return guarded(extension, guardTable)
  if (extension.name === Image.name) return markdownImage(extension)
  return extension
})

function guarded(extension: AnyExtension, guard: (tokenizer: MarkdownTokenizer) => MarkdownTokenizer): AnyExtension {
  const tokenizer = getExtensionField<MarkdownTokenizer>(extension, 'markdownTokenizer')
  return extension.extend({ markdownTokenizer: guard(tokenizer) })
}

/** PARAGRAPH_INTERRUPTERS of @tiptap/extension-list, which it does not export. */
const INTERRUPTERS = [/^#{1,6}(?:\s|$)/, /^[-+*]\s+/, /^(?:```|~~~)/, /^\$\$/, /^(?:(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:\*[ \t]*){3,})$/]

/**
 * An ordered list starts at an item line, and its item ends (so the list does) at an unindented line
 * that is no item and follows a blank line or can interrupt a paragraph.
 */
function guardOrderedList(tokenizer: MarkdownTokenizer): MarkdownTokenizer {
  return {
    ...tokenizer,
    tokenize: (src, tokens, lexer) => {
      if (!ORDERED_ITEM.test(firstLines(src, 1))) return undefined
      const ends = (line: string, previous: string) =>
        isUnindentedText(line) && !ORDERED_ITEM.test(line) && (previous.trim() === '' || INTERRUPTERS.some((pattern) => pattern.test(line)))
      return tokenizer.tokenize(upToLineThatEnds(src, ends), tokens, lexer)
    },
  }
}

/** A task list starts where its start predicate says, and ends at an unindented line that is no task item. */
function guardTaskList(tokenizer: MarkdownTokenizer): MarkdownTokenizer {
  const start = tokenizer.start as (src: string) => number
  return {
    ...tokenizer,
    tokenize: (src, tokens, lexer) => {
      if (start(src) === -1) return undefined
      return tokenizer.tokenize(
        upToLineThatEnds(src, (line) => isUnindentedText(line) && !TASK_ITEM.test(line)),
        tokens,
        lexer,
      )
    },
  }
}

/**
 * A table needs a separator row as its second line, and TipTap's tokenizer reads only up to the first
 * blank line (keeping it, to count lines).
 */
function guardTable(tokenizer: MarkdownTokenizer): MarkdownTokenizer {
  const start = tokenizer.start as (src: string) => number
  const isSeparator = (line: string | undefined) => line !== undefined && /^[ \t|:]*-[ \t|:-]*$/.test(line) && line.includes('|')
  return {
    ...tokenizer,
    start: (src) => start(firstLines(src, 2)),
    tokenize: (src, tokens, lexer) => {
      if (!isSeparator(firstLines(src, 2).split('\n')[1])) return undefined
      const blankLine = src.indexOf('\n\n')
      return tokenizer.tokenize(blankLine === -1 ? src : src.slice(0, blankLine + 2), tokens, lexer)
    },
  }
}

function isUnindentedText(line: string): boolean {
  return line !== '' && !/^\s/.test(line)
}
