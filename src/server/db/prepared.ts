import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';

/** Statements prepared per connection at most: each keeps a plan in its PostgreSQL process. */
export const MAX_PREPARED = 64;
/** Longer statements (multi-row inserts) go unnamed: every row count would be a statement of its own. */
const MAX_TEXT = 4096;
const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * Sends the server's statements as named prepared statements on this connection: PostgreSQL then
 * parses and plans each once instead of on every execution, which was a third of its CPU per
 * differential check-in (parse and bind in its statement log). Statements with `*` other than
 * `count(*)` stay unnamed: a prepared `select *` fails once its table gains a column, as it would
 * during a rolling upgrade. Names are digests of the text, so a name always means one text.
 */
export function prepareStatements(client: PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const prepared = new Set<string>();
  const prepare = (text: string, values: unknown[]) => {
    if (
      text.length > MAX_TEXT ||
      !DATA_STATEMENT.test(text) ||
      text.replace(/count\(\*\)/gi, '').includes('*')
    )
      return undefined;
    const name = `interdict_${createHash('sha1').update(text).digest('hex').slice(0, 32)}`;
    if (!prepared.has(name)) {
      if (prepared.size >= MAX_PREPARED) return undefined;
      prepared.add(name);
    }
    return query({ name, text, values });
  };
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    const named =
      args.length === 2 && typeof text === 'string' && Array.isArray(values)
        ? prepare(text, values)
        : undefined;
    return named ?? query(...args);
  };
}
