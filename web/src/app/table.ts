/** A DataTable column: label, screen formatter, value written to the CSV file. */
export interface Column<Row> {
  key: string;
  label: string;
  format?: (row: Row) => string;
  /** What the CSV file gets (default: the raw field when it is a number, else the text shown). */
  csv?: (row: Row) => unknown;
  /** The code behind a name (region 510000, cell 510000:DEX08): the CSV file gets it in a column of its own beside. */
  code?: (row: Row) => string | null | undefined;
  numeric?: boolean;
  /** Language of the cell when it is not the page's (names kept as recorded, e.g. a Chinese scenario name in English mode). */
  lang?: (row: Row) => string | undefined;
  sortable?: boolean;
  /** Long text that wraps instead of widening the table past its card. */
  wrap?: boolean;
  /** Short text (file names, two-word labels, timestamps) that may break between words and after _ / - when the table is narrow. */
  breakable?: boolean;
  /**
   * A value that may be very long (a rejected cell as the file had it): one line cut with an ellipsis, so the columns
   * after it stay in view; the whole value on hover (up to TITLE_MAX characters) and in the CSV file.
   */
  clip?: boolean;
  /** What a cell means, shown on hover (an indicator's definition beside its name). */
  hint?: (row: Row) => string | undefined;
  /** Colours the cell as a rise (green) or a fall (red). */
  tone?: (row: Row) => 'up' | 'down' | undefined;
  /** What a screen reader says instead of the text shown (arrows and symbols). */
  spoken?: (row: Row) => string | undefined;
}

/** The longest hover text of a clipped cell: a browser tooltip of megabytes helps no one. */
export const TITLE_MAX = 2000;
export const hoverText = (text: string) => (text.length > TITLE_MAX ? `${text.slice(0, TITLE_MAX)}…` : text);
