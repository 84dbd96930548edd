/** What a spreadsheet reads as the start of a formula: such a cell is written with a ' before it. */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * Rows (a header row first) as CSV, RFC 4180: fields separated by commas, lines by CRLF, a field
 * quoted when it holds a comma, a quote or a line break, its quotes doubled. A cell that starts as a
 * formula would (= + - @, or a tab or carriage return, which some spreadsheets skip before one) is
 * prefixed with ': a chart's data holds titles and names that anyone in the network wrote, and a
 * spreadsheet opening the file must show them, not run them.
 */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`
}

function csvField(value: string): string {
  const cell = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell
}
