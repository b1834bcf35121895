import type { KyselyPlugin, RootOperationNode } from 'kysely';

/** The kinds of the statements sent while `counting` is on, in order. */
export function statementLog() {
  const kinds: RootOperationNode['kind'][] = [];
  /** The table of every INSERT among them. */
  const inserts: string[] = [];
  let counting = false;
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      if (counting) {
        kinds.push(args.node.kind);
        if (args.node.kind === 'InsertQueryNode' && args.node.into)
          inserts.push(args.node.into.table.identifier.name);
      }
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return {
    plugin,
    kinds,
    inserts,
    async during<T>(f: () => Promise<T>): Promise<T> {
      kinds.length = 0;
      inserts.length = 0;
      counting = true;
      try {
        return await f();
      } finally {
        counting = false;
      }
    },
  };
}
