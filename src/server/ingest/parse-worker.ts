import { parentPort, workerData } from 'node:worker_threads';
import { createMatcher } from '../../match/matcher.js';
import { createTenantEvaluation, rememberMisses, type TenantEvaluation } from '../evaluation.js';
import { runParseJob } from './parse-job.js';
import { UploadRejected } from './parse-upload.js';
import type { ParseReply, ParseRequest, ParseWorkerData } from './upload-parser.js';

// A parse worker: reads, evaluates and compresses uploads off the server's event loop, so a large
// inventory delays neither /healthz nor other requests, and its memory is bounded by the worker's
// heap limit instead of the whole server's.
const { pack } = workerData as ParseWorkerData;
const matcher = rememberMisses(createMatcher(pack));
/** Tenants' evaluations by what they were built from; a handful, as a server has few tenants busy at once. */
const evaluations = new Map<string, TenantEvaluation>();
const KEPT_EVALUATIONS = 16;

function evaluationFor(spec: ParseRequest['spec']): TenantEvaluation {
  const key = `${spec.asOf}\u0000${spec.profile}\u0000${spec.waiverKey}\u0000${JSON.stringify(spec.waivers)}`;
  let evaluation = evaluations.get(key);
  if (!evaluation) {
    evaluation = createTenantEvaluation(pack, matcher, spec);
    if (evaluations.size >= KEPT_EVALUATIONS) evaluations.clear();
    evaluations.set(key, evaluation);
  }
  return evaluation;
}

parentPort!.on('message', (request: ParseRequest) => {
  void (async () => {
    let reply: ParseReply;
    try {
      const outcome = await runParseJob(request.job, evaluationFor(request.spec).evaluate);
      reply = { id: request.id, outcome };
    } catch (error) {
      reply =
        error instanceof UploadRejected
          ? {
              id: request.id,
              rejected: { message: error.message, errors: error.errors, status: error.status },
            }
          : { id: request.id, error: (error as Error).message };
    }
    parentPort!.postMessage(reply);
  })();
});
