/**
 * Text inside a paragraph is rendered to Markdown line by line (hard breaks start new lines). A line
 * that begins like block syntax would be read back as a heading, list or setext underline, so its
 * marker is backslash-escaped. TipTap already escapes inline syntax (`*`, `_`, backticks…) and encodes
 * `<`, `>` and `&`, which covers quotes and HTML.
 */
const BLOCK_START: ReadonlyArray<[RegExp, string]> = [
  [/^( {0,3})(#{1,6})(?=[ \t]|$)/, '$1\\$2'],
  [/^( {0,3})([-+])(?=[ \t]|$)/, '$1\\$2'],
  [/^( {0,3})(\d{1,9})([.)])(?=[ \t]|$)/, '$1$2\\$3'],
  [/^( {0,3})(=+[ \t]*)$/, '$1\\$2'],
]

export function escapeBlockStarts(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => BLOCK_START.reduce((escaped, [pattern, replacement]) => escaped.replace(pattern, replacement), line))
    .join('\n')
}
