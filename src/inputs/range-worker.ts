import { parentPort, workerData } from 'node:worker_threads';
import { createPrefilter } from '../core/prefilter.js';
import { LINE_RECORD_FORMATS } from './line-record-formats.js';
import { readLineRange } from './line-ranges.js';
import type { RangeMessage, RangeReply, RangeWorkerData } from './range-pool.js';

// A slice worker: reads line-aligned slices of one big file with a line-record format and sends
// back their observations, records, errors and line counts (see line-ranges.ts).
const data = workerData as RangeWorkerData;
const mayMatch = createPrefilter(data.needles);

// One slice at a time, in the order asked: they share the read buffers, and memory stays that of one.
const buffers: Buffer[] = [];
let queue = Promise.resolve();

async function readOne(message: RangeMessage): Promise<void> {
  let reply: RangeReply;
  try {
    const load = LINE_RECORD_FORMATS[message.request.formatId];
    if (!load) throw new Error(`${message.request.formatId} cannot be read in slices`);
    reply = { id: message.id, result: await readLineRange(await load(), message.request, mayMatch, buffers) };
  } catch (cause) {
    reply = { id: message.id, error: (cause as Error).message };
  }
  parentPort!.postMessage(reply);
}

parentPort!.on('message', (message: RangeMessage) => {
  queue = queue.then(() => readOne(message));
});
