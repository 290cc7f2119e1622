import type { AtlasDb } from '../db/database.ts';
import { ROLES, type Role } from '../../contract/auth.ts';
import { hasRole, type Identity } from '../api/identity.ts';
import { queryOne, queryRows, type Row } from '../db/query.ts';
import { REFERENCE_CODES } from '../db/schema.ts';
import { listSqlFiles, sqlFile } from '../db/sql-files.ts';
import { AtlasError, badRequest, conflict, notFound } from '../errors.ts';
import { checkSqlText } from './statement.ts';
import type { Text2 } from './schema-docs.ts';

export interface ExampleQuery {
  id: string;
  title: Text2;
  description: Text2;
  sql: string;
}

export type SavedQuery = SavedRow & { editable: boolean };

interface SavedRow {
  id: number;
  title: string;
  description: string | null;
  sql: string;
  created_at: string;
  updated_at: string;
  owner: string | null;
  shared_roles: string[] | null;
  shared_regions: string[] | null;
}

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
  shared_roles: Role[];
  shared_regions: string[];
}

/**
 * Check a request body for a saved query: title 1–200 characters, description up to 2000, sql as for running, and
 * whom it is shared with (roles, region codes; none by default).
 */
export function parseSavedInput(body: unknown): SavedInput {
  const b = (body ?? {}) as Record<string, unknown>;
  const title = typeof b.title === 'string' ? b.title.trim() : '';
  if (!title || title.length > 200) {
    throw badRequest(
      'invalid_saved_query',
      `title must be 1 to 200 characters, got ${JSON.stringify(b.title ?? null)}`,
      { field: 'title' },
      `标题须为 1–200 个字符，收到 ${JSON.stringify(b.title ?? null)}`,
    );
  }
  let description: string | null = null;
  if (b.description !== undefined && b.description !== null && b.description !== '') {
    if (typeof b.description !== 'string' || b.description.length > 2000) {
      throw badRequest(
        'invalid_saved_query',
        'description must be text of at most 2000 characters',
        { field: 'description' },
        '说明须为不超过 2000 个字符的文本',
      );
    }
    description = b.description;
  }
  const list = (field: string, ok: (v: string) => boolean) => {
    const v = b[field] ?? [];
    if (!Array.isArray(v) || v.length > 50 || v.some((x) => typeof x !== 'string' || !ok(x)))
      throw badRequest(
        'invalid_saved_query',
        `${field} must be a list of ${field === 'shared_roles' ? `roles (${ROLES.join(', ')})` : 'region codes'}`,
        { field },
        `${field} 须为${field === 'shared_roles' ? '角色' : '地区代码'}列表`,
      );
    return [...new Set(v as string[])];
  };
  return {
    title,
    description,
    sql: checkSqlText(b.sql),
    shared_roles: list('shared_roles', (r) => (ROLES as readonly string[]).includes(r)) as Role[],
    shared_regions: list('shared_regions', (r) => REFERENCE_CODES.regions.has(r)),
  };
}

/**
 * Analysts' saved queries, in the main database, written under db.writes with bound parameters only. Each belongs to
 * its author: a reader sees their own and those shared with one of their roles or regions; only the author (or an
 * administrator) changes or deletes one.
 */
export class SavedQueries {
  constructor(private readonly db: AtlasDb) {}

  async list(reader: Identity): Promise<SavedQuery[]> {
    const rows = await this.db.withConnection((con) =>
      queryRows<SavedRow & Row>(con, sqlFile('sql/saved_list'), {
        user: reader.user,
        roles: reader.roles,
        national: reader.scope === null,
        scope: [...(reader.scope ?? [])],
      }),
    );
    return rows.map((r) => withEditable(r, reader));
  }

  async get(id: number, reader: Identity): Promise<SavedQuery> {
    const row = await this.row(id);
    if (!visible(row, reader)) throw missing(id);
    return withEditable(row, reader);
  }

  async create(input: SavedInput, author: Identity): Promise<SavedQuery> {
    const id = await this.db.writes.run(() =>
      this.db.withConnection(async (con) => {
        await this.checkTitle(con, input.title, null, author.user);
        return (await queryOne<{ id: number }>(con, sqlFile('sql/saved_insert'), { ...input, owner: author.user }))!.id;
      }),
    );
    return this.get(id, author);
  }

  async update(id: number, input: SavedInput, editor: Identity): Promise<SavedQuery> {
    await this.mayChange(id, editor);
    await this.db.writes.run(() =>
      this.db.withConnection(async (con) => {
        const row = (await queryOne<SavedRow & Row>(con, sqlFile('sql/saved_get'), { id }))!;
        await this.checkTitle(con, input.title, id, row.owner);
        await queryOne(con, sqlFile('sql/saved_update'), { id, ...input });
      }),
    );
    return this.get(id, editor);
  }

  async remove(id: number, editor: Identity): Promise<void> {
    await this.mayChange(id, editor);
    await this.db.writes.run(() => this.db.withConnection((con) => queryOne(con, sqlFile('sql/saved_delete'), { id })));
  }

  private async row(id: number): Promise<SavedRow> {
    const row = await this.db.withConnection((con) => queryOne<SavedRow & Row>(con, sqlFile('sql/saved_get'), { id }));
    if (!row) throw missing(id);
    return row;
  }

  private async mayChange(id: number, editor: Identity): Promise<void> {
    const row = await this.row(id);
    if (!visible(row, editor)) throw missing(id);
    if (!editable(row, editor))
      throw new AtlasError(
        'not_yours',
        `saved query ${id} belongs to ${row.owner ?? 'nobody (saved before accounts existed)'}; only its author or an administrator may change it`,
        403,
        { id, owner: row.owner },
        `已保存的查询 ${id} 属于 ${row.owner ?? '无人（在启用账户之前保存）'}；只有作者或管理员可以修改`,
      );
  }

  private async checkTitle(
    con: Parameters<Parameters<AtlasDb['withConnection']>[0]>[0],
    title: string,
    id: number | null,
    owner: string | null,
  ): Promise<void> {
    const taken = await queryOne<{ n: number }>(con, sqlFile('sql/saved_title_taken'), { title, id, owner });
    if (taken && taken.n > 0)
      throw conflict(
        'saved_query_title_taken',
        `a saved query is already called "${title}"; choose another title or update that one`,
        { field: 'title' },
        `已有名为“${title}”的查询；请换一个标题，或更新那一个`,
      );
  }
}

const missing = (id: number) =>
  notFound('saved_query_not_found', `there is no saved query ${id}`, { id }, `没有已保存的查询 ${id}`);

function visible(row: SavedRow, reader: Identity): boolean {
  if (row.owner === null || row.owner === reader.user || hasRole(reader, 'admin')) return true;
  if ((row.shared_roles ?? []).some((r) => reader.roles.includes(r as Role))) return true;
  const regions = row.shared_regions ?? [];
  return regions.length > 0 && (reader.scope === null || regions.some((r) => reader.scope!.includes(r)));
}

function editable(row: SavedRow, editor: Identity): boolean {
  return hasRole(editor, 'admin') || (row.owner !== null && row.owner === editor.user);
}

const withEditable = (row: SavedRow, reader: Identity): SavedQuery => ({ ...row, editable: editable(row, reader) });
