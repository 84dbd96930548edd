import { parseIndentedBlocks, type MarkdownLexerConfiguration, type MarkdownToken, type MarkdownTokenizer } from '@tiptap/core'

/**
 * A task item line. TipTap's (3.31.3) needs text after the box, so it read `- [ ]` as a bullet
 * holding "[ ]", and a list starting with it as bullets holding bare text, which the schema refuses.
 * An empty task is what Casebook writes for a task with no text (at the end of a file, with no space
 * after the box).
 */
export const TASK_ITEM = /^(\s*)([-+*])\s+\[([ xX])\](?:\s+(.*))?$/

/** TipTap's task-list tokenizer with TASK_ITEM for its item lines, and so the start it implies. */
export const taskListTokenizer: MarkdownTokenizer = {
  name: 'taskList',
  level: 'block',
  start: (src) => (/^\s*[-+*]\s+\[[ xX]\](?:\s|$)/.test(src) ? 0 : -1),
  tokenize: (src, _tokens, lexer) => {
    const list = taskList(src, lexer)
    return list && { type: 'taskList', raw: list.raw, items: list.items }
  },
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
