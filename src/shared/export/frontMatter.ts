import YAML from 'yaml'
import { CasebookError } from '../errors.js'

const FENCE = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/

/** Splits a Markdown text into its YAML front matter (an object, possibly empty) and the rest. */
export function splitFrontMatter(text: string): { data: Record<string, unknown>; body: string } {
  const match = FENCE.exec(text)
  if (!match) return { data: {}, body: text.replace(/^\uFEFF/, '') }
  let data: unknown
  try {
    data = YAML.parse(match[1] ?? '')
  } catch (error) {
    const problem = firstLine((error as Error).message)
    throw new CasebookError('INVALID_FILE', `Its front matter is not valid YAML: ${problem}`, { cause: error, reason: 'frontMatterYaml', params: { problem } })
  }
  if (data !== null && (typeof data !== 'object' || Array.isArray(data))) {
    throw new CasebookError('INVALID_FILE', 'Its front matter must be a list of "field: value" lines.', { reason: 'frontMatterFields' })
  }
  return { data: (data ?? {}) as Record<string, unknown>, body: text.slice(match[0].length) }
}

export function joinFrontMatter(data: Record<string, unknown>, body: string): string {
  return `---\n${YAML.stringify(data)}---\n\n${body}`
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message
}
