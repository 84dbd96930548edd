/** The text's first `count` lines, without the line break after the last. */
export function firstLines(src: string, count: number): string {
  let end = -1
  for (let line = 0; line < count; line++) {
    end = src.indexOf('\n', end + 1)
    if (end === -1) return src
  }
  return src.slice(0, end)
}

/** The source up to (not including the newline before) the first line after the first for which `ends` holds. */
export function upToLineThatEnds(src: string, ends: (line: string, previous: string) => boolean): string {
  let previous = firstLines(src, 1)
  let start = previous.length + 1
  while (start <= src.length) {
    const newline = src.indexOf('\n', start)
    const line = newline === -1 ? src.slice(start) : src.slice(start, newline)
    if (ends(line, previous)) return src.slice(0, start - 1)
    if (newline === -1) break
    previous = line
    start = newline + 1
  }
  return src
}
