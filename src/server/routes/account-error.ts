import type { Context } from 'hono';
import { AccountError, AccountNotFound } from '../accounts.js';

/** Account errors as answers: a missing user or token is 404 (also in another tenant), the rest 422. */
export function answerAccountError(c: Context, error: unknown) {
  if (error instanceof AccountNotFound) return c.json({ error: 'not-found', message: error.message }, 404);
  if (error instanceof AccountError) return c.json({ error: 'invalid', message: error.message }, 422);
  throw error;
}
