/** One measured figure, as printed by `npm run bench -- --json` and tabulated in BENCHMARKS.md. */
export interface Figure {
  /** Stable name, e.g. "ingest.parquet.10m.throughput". */
  name: string;
  value: number;
  unit: string;
  /** The same work done by raw DuckDB (or another baseline) in the same run, when there is one. */
  baseline?: number | null;
  /** value / baseline or baseline / value, oriented so that > 1 is better unless the name says otherwise; see `ratioNote`. */
  ratio?: number | null;
  /** The target as text, e.g. ">= 0.5" or "< 100 ms". */
  target?: string | null;
  /** Whether the target is met (undefined when there is no target). */
  pass?: boolean;
  /** One line on how the ratio is oriented or what the figure means. */
  note?: string;
}

/** A group of benchmarks, one file under bench/ each. */
export interface BenchSuite {
  name: string;
  /** Markdown: what is measured and how (data, repetitions, warm-up, baseline). Goes into BENCHMARKS.md. */
  method: string;
  /** Runs only when named in --only (a long run such as the soak), not in a plain `npm run bench`. */
  optIn?: boolean;
  run(ctx: BenchContext): Promise<Figure[]>;
}

export interface BenchContext {
  /** Scratch folder for this run (data/bench/), kept between runs so large generated inputs can be reused. */
  dir: string;
  /** Quick mode (--quick): smaller inputs, for checking that the suite works; figures are not comparable. */
  quick: boolean;
  log(message: string): void;
}

/** p-th percentile (0..100) of a sample, by linear interpolation. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const idx = (p / 100) * (s.length - 1);
  const lo = Math.floor(idx);
  const hi = Math.ceil(idx);
  return s[lo] + (s[hi] - s[lo]) * (idx - lo);
}
