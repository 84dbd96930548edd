/** Figures as a table with a caption, its first column naming each row: a chart's, or a count's; `empty` says why it has no rows. */
export function FiguresTable({ caption, headers, rows, empty }: { caption: string; headers: string[]; rows: string[][]; empty?: string }) {
  return (
    <table className="figures">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {headers.map((header) => (
            <th key={header} scope="col">
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && empty && (
          <tr>
            <td colSpan={headers.length} className="empty">
              {empty}
            </td>
          </tr>
        )}
        {rows.map(([name = '', ...cells], index) => (
          // Two rows may be named alike (two case studies of one title): their place tells them apart.
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are drawn anew with the figures, never reordered in place.
          <tr key={index}>
            <th scope="row">{name}</th>
            {cells.map((cell, column) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a row's cells are its columns, in order.
              <td key={column}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
