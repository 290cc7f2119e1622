import type { AtlasDb } from '../db/database.ts';
import { queryOne, queryRows } from '../db/query.ts';
import { listSqlFiles, sqlFile } from '../db/sql-files.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { checkSqlText } from './statement.ts';
import type { Text2 } from './schema-docs.ts';

export interface ExampleQuery {
  id: string;
  title: Text2;
  description: Text2;
  sql: string;
}

export type SavedQuery = {
  id: number;
  title: string;
  description: string | null;
  sql: string;
  created_at: string;
  updated_at: string;
};

/**
 * The shipped examples, queries/saved/*.sql. Each starts with "-- title.zh: …", "-- title.en: …", "-- description.zh: …"
 * and "-- description.en: …" lines; a file missing one of them is a packaging error, reported with its name and field.
 */
export function exampleQueries(): ExampleQuery[] {
  return listSqlFiles('saved').map((name) => {
    const text = sqlFile(name);
    const header: Record<string, string> = {};
    for (const m of text.matchAll(/^--\s*(title|description)\.(zh|en):\s*(.+)$/gm))
      header[`${m[1]}.${m[2]}`] = m[3].trim();
    for (const field of ['title.zh', 'title.en', 'description.zh', 'description.en']) {
      if (!header[field]) throw new Error(`queries/${name}.sql: the header line "-- ${field}: …" is missing`);
    }
    const sql = text.replace(/^(--[^\n]*\n)+/, '').trim();
    return {
      id: `example:${name.slice('saved/'.length)}`,
      title: { zh: header['title.zh'], en: header['title.en'] },
      description: { zh: header['description.zh'], en: header['description.en'] },
      sql,
    };
  });
}

export interface SavedInput {
  title: string;
  description: string | null;
  sql: string;
}

/** Check a request body for a saved query: title 1–200 characters, description up to 2000, sql as for running. */
export function parseSavedInput(body: unknown): SavedInput {
  const b = (body ?? {}) as Record<string, unknown>;
  const title = typeof b.title === 'string' ? b.title.trim() : '';
  if (!title || title.length > 200) {
    throw badRequest(
      'invalid_saved_query',
      `title must be 1 to 200 characters, got ${JSON.stringify(b.title ?? null)}`,
      { field: 'title' },
    );
  }
  let description: string | null = null;
  if (b.description !== undefined && b.description !== null && b.description !== '') {
    if (typeof b.description !== 'string' || b.description.length > 2000) {
      throw badRequest('invalid_saved_query', 'description must be text of at most 2000 characters', {
        field: 'description',
      });
    }
    description = b.description;
  }
  return { title, description, sql: checkSqlText(b.sql) };
}

export function parseSavedId(v: unknown): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1)
    throw badRequest('invalid_id', `a saved query id is a positive whole number, got ${JSON.stringify(v)}`, {
      field: 'id',
    });
  return n;
}

/** The user's saved queries, in the main database, written under db.writes with bound parameters only. */
export class SavedQueries {
  constructor(private readonly db: AtlasDb) {}

  list(): Promise<SavedQuery[]> {
    return this.db.withConnection((con) => queryRows<SavedQuery>(con, sqlFile('sql/saved_list')));
  }

  async get(id: number): Promise<SavedQuery> {
    const row = await this.db.withConnection((con) => queryOne<SavedQuery>(con, sqlFile('sql/saved_get'), { id }));
    if (!row) throw notFound('saved_query_not_found', `there is no saved query ${id}`, { id });
    return row;
  }

  async create(input: SavedInput): Promise<SavedQuery> {
    const id = await this.db.writes.run(() =>
      this.db.withConnection(async (con) => {
        await this.checkTitle(con, input.title, null);
        return (await queryOne<{ id: number }>(con, sqlFile('sql/saved_insert'), { ...input }))!.id;
      }),
    );
    return this.get(id);
  }

  async update(id: number, input: SavedInput): Promise<SavedQuery> {
    const changed = await this.db.writes.run(() =>
      this.db.withConnection(async (con) => {
        await this.checkTitle(con, input.title, id);
        return queryOne(con, sqlFile('sql/saved_update'), { id, ...input });
      }),
    );
    if (!changed) throw notFound('saved_query_not_found', `there is no saved query ${id}`, { id });
    return this.get(id);
  }

  async remove(id: number): Promise<void> {
    const gone = await this.db.writes.run(() =>
      this.db.withConnection((con) => queryOne(con, sqlFile('sql/saved_delete'), { id })),
    );
    if (!gone) throw notFound('saved_query_not_found', `there is no saved query ${id}`, { id });
  }

  private async checkTitle(
    con: Parameters<Parameters<AtlasDb['withConnection']>[0]>[0],
    title: string,
    id: number | null,
  ): Promise<void> {
    const taken = await queryOne<{ n: number }>(con, sqlFile('sql/saved_title_taken'), { title, id });
    if (taken && taken.n > 0)
      throw conflict(
        'saved_query_title_taken',
        `a saved query is already called "${title}"; choose another title or update that one`,
        { field: 'title' },
      );
  }
}
