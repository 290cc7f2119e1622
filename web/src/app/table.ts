/** A DataTable column: label, screen formatter, value written to the CSV file. */
export interface Column<Row> {
  key: string;
  label: string;
  format?: (row: Row) => string;
  /** What the CSV file gets (default: the raw field when it is a number, else the text shown). */
  csv?: (row: Row) => unknown;
  numeric?: boolean;
  sortable?: boolean;
}
