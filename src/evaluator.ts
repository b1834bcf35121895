import type { Finding } from './core/finding.js';
import type { Observation } from './core/observation.js';
import type { Profile } from './core/status.js';
import type { Determination } from './data/schema.js';
import type { CatalogView } from './match/compile.js';
import { createMatcher, REVIEW, type Matcher } from './match/matcher.js';
import { evaluateMatch } from './policy/evaluate.js';
import { createWaiverBook, type Waiver } from './policy/waivers.js';

export interface EvaluatorOptions {
  asOf: string;
  profile: Profile;
  waivers?: readonly Waiver[];
  /** Reuse a compiled matcher (the server keeps one per data pack). */
  matcher?: Matcher;
}

export interface PackView extends CatalogView {
  determinations: readonly Determination[];
}

/**
 * Observation → finding, for one data pack, date and profile. Used by `scan` and by the server, so
 * both give the same answer for the same evidence.
 */
export function createEvaluator(pack: PackView, options: EvaluatorOptions) {
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
    evaluate(observation: Observation): Finding | undefined {
      const result = matcher.match(observation);
      if (!result || result.match.confidence < REVIEW) return undefined;
      return evaluateMatch(result, observation, ctx);
    },
    waiverUses: book.summarize,
  };
}
