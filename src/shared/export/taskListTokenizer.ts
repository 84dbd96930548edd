import { parseIndentedBlocks, type MarkdownLexerConfiguration, type MarkdownToken, type MarkdownTokenizer } from '@tiptap/core'
import { firstLines } from './lines.js'

/**
 * A task item line. TipTap's (3.31.3) needs text after the box, so it read `- [ ]` as a bullet
 * holding "[ ]", and a list starting with it as bullets holding bare text, which the schema refuses.
 * An empty task is what Casebook writes for a task with no text (at the end of a file, with no space
 * after the box).
 */
export const TASK_ITEM = /^(\s*)([-+*])\s+\[([ xX])\](?:\s+(.*))?$/

/**
 * TipTap's task-list tokenizer with TASK_ITEM for its item lines, and so the start it implies, reading
 * shallow lines whole (see padShallowLines).
 */
export const taskListTokenizer: MarkdownTokenizer = {
  name: 'taskList',
  level: 'block',
  start: (src) => (/^\s*[-+*]\s+\[[ xX]\](?:\s|$)/.test(src) ? 0 : -1),
  tokenize: (src, _tokens, lexer) => {
    const padded = padShallowLines(src)
    const list = taskList(padded, lexer)
    if (!list) return undefined
    // The list's lines in the source, which is what marked moves past.
    const raw = padded === src ? list.raw : `${firstLines(src, list.raw.split('\n').length - 1)}\n`
    return { type: 'taskList', raw, items: list.items }
  },
}

/**
 * TipTap takes two characters more than a task item's indent off each line below it, so a line
 * indented by less (`- [ ] task`, then ` continued`) lost its first letters, or all of itself. Such
 * lines are padded to that indent.
 */
function padShallowLines(src: string): string {
  const lines = src.split('\n')
  const items: number[] = []
  let padded = false
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!
    if (line.trim() === '') continue
    let indent = line.length - line.trimStart().length
    while (items.length && items.at(-1)! >= indent) items.pop()
    const item = items.at(-1)
    if (item !== undefined && indent < item + 2) {
      lines[index] = ' '.repeat(item + 2 - indent) + line
      indent = item + 2
      padded = true
    }
    if (TASK_ITEM.test(line)) items.push(indent)
  }
  return padded ? lines.join('\n') : src
}

function taskList(src: string, lexer: MarkdownLexerConfiguration) {
  return parseIndentedBlocks(
    src,
    {
      itemPattern: TASK_ITEM,
      extractItemData: (match) => ({ indentLevel: match[1]!.length, mainContent: match[4] ?? '', checked: match[3] !== ' ' }),
      createToken: (data, nestedTokens) => ({
        type: 'taskItem',
        raw: '',
        mainContent: data.mainContent,
        indentLevel: data.indentLevel,
        checked: data.checked,
        text: data.mainContent,
        tokens: lexer.inlineTokens(data.mainContent),
        nestedTokens,
      }),
      customNestedParser: (content) => nestedContent(content, lexer),
    },
    lexer,
  )
}

/** What an item holds below its line: a task list, with whatever follows it as blocks, or blocks. */
function nestedContent(content: string, lexer: MarkdownLexerConfiguration): MarkdownToken[] {
  const list = taskList(content, lexer)
  if (!list) return lexer.blockTokens(content)
  const rest = content.slice(list.raw.length)
  return [{ type: 'taskList', raw: list.raw, items: list.items }, ...(rest.trim() ? lexer.blockTokens(rest) : [])]
}
