import type { ReactNode } from 'react';
import type { ApiError } from '../api.js';

export function ErrorBox({ error }: { error: ApiError | Error | undefined }) {
  if (!error) return null;
  const text = 'friendly' in error ? error.friendly : error.message;
  return (
    <div className="notice error" role="alert">
      {text}
    </div>
  );
}

export function Notice({ children, kind = 'info' }: { children: ReactNode; kind?: 'info' | 'ok' | 'warn' }) {
  return (
    <div className={`notice ${kind}`} role="status">
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" aria-busy="true">
      Loading {what}…
    </p>
  );
}
