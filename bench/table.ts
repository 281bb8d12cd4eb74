export type Cell = string | number;

/** A plain fixed-width text table (right-aligned numbers), the first row the header. */
export function formatTable(header: string[], rows: Cell[][]): string {
  const text = (cell: Cell) => (typeof cell === "number" ? String(cell) : cell);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => text(row[column] ?? "").length)),
  );
  const line = (cells: Cell[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return typeof cell === "number" ? text(cell).padStart(width) : text(cell).padEnd(width);
      })
      .join(" | ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("-|-");
  return [line(header), rule, ...rows.map(line)].join("\n");
}
