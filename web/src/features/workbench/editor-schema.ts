/** What the editor completes: the snapshot's tables with their columns, then DuckDB's functions. */
import type { SQLNamespace } from '@codemirror/lang-sql';
import type { Completion } from '@codemirror/autocomplete';
import type { SchemaInfo } from './sql-api.ts';

export function tableCompletions(
  schema: SchemaInfo | undefined,
  lang: 'zh' | 'en',
  detail: (rows: number | null) => string,
): SQLNamespace {
  const ns: Record<string, SQLNamespace> = {};
  for (const tb of schema?.tables ?? []) {
    ns[tb.name] = {
      self: { label: tb.name, type: 'type', detail: detail(tb.rows), info: tb.description?.[lang] },
      children: tb.columns.map((c) => ({
        label: c.name,
        type: 'property',
        detail: c.type,
        info: c.description?.[lang],
      })),
    };
  }
  return ns;
}

export function functionCompletions(schema: SchemaInfo | undefined): Completion[] {
  return (schema?.functions ?? []).map((f) => ({
    label: f.name,
    type: 'function',
    detail: f.kind,
    info: [f.description?.trim(), f.example].filter(Boolean).join('\n') || undefined,
    boost: -1,
  }));
}
