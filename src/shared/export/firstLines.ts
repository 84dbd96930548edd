/** The text's first `count` lines, without the line break after the last. */
export function firstLines(src: string, count: number): string {
  let end = -1
  for (let line = 0; line < count; line++) {
    end = src.indexOf('\n', end + 1)
    if (end === -1) return src
  }
  return src.slice(0, end)
}
