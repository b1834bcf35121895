import type { DeterminationRef as CoreDeterminationRef } from '../../src/core/finding.js';
import type {
  DeterminationItem,
  PhaseItem,
  ProductItem,
  SourceItem,
} from '../../src/server/routes/catalog.js';
import type { CommentItem, FindingItem, MeItem, WaiverItem } from '../../src/server/routes/schemas.js';
import { describeWait } from './lib/messages.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  /** The sentence to show a person: rate limits say how long to wait. */
  get friendly(): string {
    if (this.status === 429 && this.retryAfter !== undefined)
      return `Too many requests: ${describeWait(this.retryAfter)}.`;
    if (this.status === 403) return `Not allowed: ${this.message}`;
    return this.message;
  }
}

let csrfToken: string | undefined;
let onUnauthorized: () => void = () => {};

export function setCsrfToken(token: string | undefined) {
  csrfToken = token;
}

export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler;
}

/** JSON over the API with the session cookie; unsafe methods carry the CSRF token. */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The server cannot be reached; check that interdict serve is running.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: { error?: string; message?: string; retryAfter?: number } | undefined;
  try {
    body = text ? (JSON.parse(text) as typeof body) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/auth/')) onUnauthorized();
    const retry = body?.retryAfter ?? (Number(res.headers.get('retry-after')) || undefined);
    throw new ApiError(
      res.status,
      body?.error ?? 'error',
      body?.message ?? `${res.status} ${res.statusText}`,
      retry,
    );
  }
  return body as T;
}

// The answers' types come from the server's own (type-only imports, erased in the bundle).
export type Me = MeItem;
export type DeterminationRef = CoreDeterminationRef;
export type Finding = FindingItem;

export interface Page<T> {
  items: T[];
  total: number;
  next: string | null;
}

export type Waiver = WaiverItem;
export type Comment = CommentItem;

export type SourceRef = SourceItem;

export type Phase = PhaseItem;
export type Determination = DeterminationItem;
export type Product = ProductItem;

export interface Summary {
  findings: number;
  resolved: number;
  byStatus: Record<string, number>;
  bySeverity: Record<string, number>;
  hosts: { total: number; withFindings: number };
  history: { date: string; open: number; byStatus: Record<string, number> }[];
}

export type Stats = {
  tenant: { name: string; profile: string };
  products: Record<string, { open: number; hosts: number }>;
  determinations: Record<string, { open: number; hosts: number }>;
};
