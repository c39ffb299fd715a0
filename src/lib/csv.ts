export type CsvCell = string | number | null | undefined;

/** A spreadsheet cannot run a cell as a formula: text starting = + - @ tab or CR gets a leading quote. */
export function escapeCsvCell(value: CsvCell): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Lines of cells as CSV (RFC 4180 line ends), every cell escaped. */
export function toCsv(lines: CsvCell[][]): string {
  return `${lines.map((cols) => cols.map(escapeCsvCell).join(',')).join('\r\n')}\r\n`;
}

/** Sends CSV as a download that Excel opens as UTF-8 (the byte-order mark), so accents survive. */
export function sendCsv(res: { type(t: string): unknown; attachment(name: string): unknown; send(body: string): unknown }, fileName: string, csv: string): void {
  res.type('text/csv; charset=utf-8');
  res.attachment(fileName);
  res.send(`\uFEFF${csv}`);
}
