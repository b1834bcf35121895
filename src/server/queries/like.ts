import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { StoreCapabilities } from '../db/dialect.js';

/** `%` and `_` typed by a user are literal characters, not wildcards. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * `column` contains `value`, case-insensitively. The ESCAPE clause is spelled out because SQLite has
 * no default escape character: without it `\_` is a backslash followed by any character.
 */
export function containsText(caps: StoreCapabilities, column: string, value: string): RawBuilder<SqlBool> {
  const op = sql.raw(caps.ilike ? 'ilike' : 'like');
  return sql<SqlBool>`${sql.ref(column)} ${op} ${`%${escapeLike(value)}%`} escape '\\'`;
}
