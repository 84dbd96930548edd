/**
 * Text inside a paragraph is rendered to Markdown line by line (hard breaks start new lines). A line
 * that begins like block syntax would be read back as a heading, list, rule or setext underline, so
 * its marker is backslash-escaped. White space at the start of a line is dropped: Markdown ignores it
 * anyway, except that four spaces would turn the line into code, and TipTap's reader decodes no entity
 * that could keep it. TipTap already escapes inline syntax (`*`, `_`, `~`, backticks…) and encodes
 * `<`, `>` and `&`, which covers quotes and HTML.
 */
const BLOCK_START: ReadonlyArray<[RegExp, (match: string, ...groups: string[]) => string]> = [
  [/^[ \t]+/, () => ''],
  [/^#{1,6}(?=[ \t]|$)/, (hashes) => `\\${hashes}`],
  [/^[-+](?=[ \t]|$)/, (bullet) => `\\${bullet}`],
  [/^(\d{1,9})([.)])(?=[ \t]|$)/, (_, number, dot) => `${number}\\${dot}`],
  [/^[-=]+[ \t]*$/, (rule) => `\\${rule}`],
]

export function escapeBlockStarts(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => BLOCK_START.reduce((escaped, [pattern, replace]) => escaped.replace(pattern, replace), line))
    .join('\n')
}
