/**
 * The row a key moves the focus to, from row `index` of `count`, or null for a key that does not move
 * between rows: the arrows one row, Page Up and Page Down a screenful (`page` rows), Home and End the
 * first and last rows.
 */
export function rowKeyTarget(key: string, index: number, count: number, page: number): number | null {
  const last = count - 1
  const moved: Record<string, number> = {
    ArrowDown: index + 1,
    ArrowUp: index - 1,
    PageDown: index + page,
    PageUp: index - page,
    Home: 0,
    End: last,
  }
  const target = moved[key]
  return target === undefined || count === 0 ? null : Math.min(last, Math.max(0, target))
}
