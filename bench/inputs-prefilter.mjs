#!/usr/bin/env node
// Times the input side alone on a big osqueryd results log: the prefiltered line reader with
// (a) a prefilter that rules every chunk out (the reader's own cost: read, count lines),
// (b) one raw-bytes needle search per chunk, as a matcher's prefilter would do.
// Needs `npm run build`. Usage: node bench/inputs-prefilter.mjs FILE  (e.g. the log that
// bench/scan-large.mjs generates with --keep). Compare with `rg -c -i kaspersky FILE`.
const dist = process.env.INTERDICT_DIST ?? new URL('../dist', import.meta.url).pathname;
const { readTargets } = await import(`${dist}/inputs/read-targets.js`);

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/inputs-prefilter.mjs FILE');
const needle = Buffer.from('aspersky');
const variants = {
  'no chunk may match': () => false,
  'one needle per chunk': (chunk) =>
    typeof chunk === 'string' ? chunk.includes('aspersky') : chunk.indexOf(needle) !== -1,
};
for (const [label, mayMatch] of Object.entries(variants)) {
  const started = process.hrtime.bigint();
  const { observations, inputs } = readTargets([file], { mayMatch });
  let count = 0;
  for await (const _ of observations) count++;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { records, errors } = inputs[0];
  process.stdout.write(
    `${label}: ${seconds.toFixed(2)} s, ${records} records, ${count} observations, ${errors.length} errors, rss ${Math.round(process.memoryUsage().rss / 1048576)} MiB\n`,
  );
}
