import { sourceHref, type SourceLike } from '../lib/links.js';

/** Each source as "[id]", a link to its address when it has a safe one. */
export function SourceLinks({ sources }: { sources: readonly SourceLike[] }) {
  return (
    <>
      {sources.map((s) => {
        const href = sourceHref(s);
        return href ? (
          <a
            key={s.id}
            href={href}
            target="_blank"
            rel="noopener noreferrer"
            title={s.title}
            data-testid="source-link"
          >
            [{s.id}]{' '}
          </a>
        ) : (
          <span key={s.id} title={s.title}>
            [{s.id}]{' '}
          </span>
        );
      })}
    </>
  );
}
