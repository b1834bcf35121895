import { createMatcher, REVIEW } from './match/matcher.js';
import { evaluateMatch } from './policy/evaluate.js';
import { createWaiverBook } from './policy/waivers.js';
/**
 * Observation → finding, for one data pack, date and profile. Used by `scan` and by the server, so
 * both give the same answer for the same evidence.
 */
export function createEvaluator(pack, options) {
    const matcher = options.matcher ?? createMatcher(pack);
    const book = createWaiverBook(options.waivers ?? [], options.asOf);
    const ctx = {
        determinations: pack.determinations,
        asOf: options.asOf,
        profile: options.profile,
        findWaiver: book.find,
    };
    return {
        matcher,
        evaluate(observation) {
            const result = matcher.match(observation);
            if (!result || result.match.confidence < REVIEW)
                return undefined;
            return evaluateMatch(result, observation, ctx);
        },
        waiverUses: book.summarize,
    };
}
