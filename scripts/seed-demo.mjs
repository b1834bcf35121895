#!/usr/bin/env node
// Fills an empty store with the example fleet (examples/fleet) and eight weeks of history, then
// prints how to log in. Needs the compiled library: run `npm run build` first.
//   node scripts/seed-demo.mjs [--db sqlite:demo.db] [--synthetic 10000]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadDataPack } from '../dist/data/load.js';
import { openStore } from '../dist/server/db/dialect.js';
import { migrateToLatest } from '../dist/server/db/migrate.js';
import { seedDemo } from '../dist/server/demo/seed.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite:demo.db' },
    synthetic: { type: 'string', default: '0' },
    fleet: { type: 'string', default: fileURLToPath(new URL('../examples/fleet', import.meta.url)) },
  },
});

const pack = await loadDataPack();
const store = await openStore(values.db);
try {
  await migrateToLatest(store);
  const started = Date.now();
  const result = await seedDemo(
    store,
    { ...pack, sources: [...pack.sources.values()] },
    { fleetDir: values.fleet, synthetic: Number(values.synthetic) },
  );
  process.stdout.write(
    `Seeded ${values.db} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.findings} open findings.\n` +
      `Users (password "${result.password}"): ${result.users.map((u) => `${u.name} (${u.role})`).join(', ')}\n` +
      `Agent token: ${result.agentToken}\n\n` +
      `Now run:  node dist/bin/interdict.js serve --db ${values.db} --insecure-cookies\n` +
      `and open http://127.0.0.1:8080/\n`,
  );
} catch (error) {
  process.stderr.write(`seed-demo: ${error.message}\n`);
  process.exitCode = 1;
} finally {
  await store.close();
}
