#!/usr/bin/env node
// The floor for a CSV scan: one streamed csv-parse pass over FILE with a header row, every
// record built as an object and counted, nothing else. Prints the number of records.
// Usage: node bench/csv-parse-pass.mjs FILE
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

let records = 0;
for await (const record of createReadStream(process.argv[2]).pipe(parse({ columns: true, bom: true }))) {
  if (record) records++;
}
process.stdout.write(`${records}\n`);
