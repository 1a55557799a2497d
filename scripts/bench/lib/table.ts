export type Cell = string | number | undefined;

export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
  notes?: string[];
}

function formatCell(cell: Cell): string {
  if (cell === undefined) return '-';
  if (typeof cell === 'string') return cell;
  if (!Number.isFinite(cell)) return '-';
  const magnitude = Math.abs(cell);
  if (magnitude >= 100 || Number.isInteger(cell)) return Math.round(cell).toLocaleString('en-US');
  if (magnitude >= 10) return cell.toFixed(1);
  if (magnitude >= 1) return cell.toFixed(2);
  return cell.toFixed(3);
}

/** Renders a Markdown-compatible table, so the same text goes to the terminal and into docs/benchmarks.md. */
export function renderTable(table: Table): string {
  const text = table.rows.map((row) => table.columns.map((_, index) => formatCell(row[index])));
  const widths = table.columns.map((column, index) =>
    Math.max(column.length, ...text.map((row) => row[index]!.length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, index) => (index === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  const notes = (table.notes ?? []).map((note) => `\n${note}`).join('');
  return (
    [`### ${table.title}`, '', line(table.columns), rule, ...text.map(line)].join('\n') +
    '\n' +
    notes +
    (notes ? '\n' : '')
  );
}
