import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../auth/middleware.js';
import type { ServerPack } from '../context.js';
import { defineRoute, errorSchema, json } from './define.js';
import { idParam } from './schemas.js';

export const catalogRoutes = new OpenAPIHono<AppEnv>();

const sourceRef = z
  .looseObject({
    id: z.string(),
    title: z.string().optional(),
    url: z.string().optional(),
    /** A pinned file in a public repository: owner/repo:path@commit. */
    repo: z.string().optional(),
  })
  .openapi('SourceRef');
const product = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    vendor: z.string(),
    category: z.string(),
    sources: z.array(sourceRef),
  })
  .openapi('Product');
const determination = z
  .looseObject({
    id: z.string(),
    title: z.string(),
    authority: z.string(),
    phases: z.array(z.unknown()),
    sources: z.array(sourceRef),
  })
  .openapi('Determination');

/** A cited source as the API answers it: the id, and what the pack says of it when the pack has it. */
export interface SourceItem {
  id: string;
  title?: string;
  url?: string;
  /** A pinned file in a public repository: owner/repo:path@commit. */
  repo?: string;
  locator?: string;
}

function resolveSources(pack: ServerPack, ids: readonly string[]): SourceItem[] {
  return ids.map((id) => {
    const s = pack.sources?.find((x) => x.id === id);
    return s
      ? {
          id,
          title: s.title,
          ...(s.url ? { url: s.url } : {}),
          ...(s.repo ? { repo: s.repo } : {}),
          ...(s.locator ? { locator: s.locator } : {}),
        }
      : { id };
  });
}

const toProduct = (pack: ServerPack, p: ServerPack['products'][number]) => ({
  ...p,
  sources: resolveSources(pack, p.sources),
});
const toDetermination = (pack: ServerPack, d: ServerPack['determinations'][number]) => ({
  ...d,
  sources: resolveSources(pack, d.sources),
  phases: d.phases.map((p) => ({ ...p, sources: resolveSources(pack, p.sources) })),
});

// The answers' full shapes, as the dashboard reads them (the zod schemas above are loose).
export type ProductItem = ReturnType<typeof toProduct>;
export type DeterminationItem = ReturnType<typeof toDetermination>;
export type PhaseItem = DeterminationItem['phases'][number];

catalogRoutes.openapi(
  defineRoute('viewer', {
    method: 'get',
    path: '/api/v1/products',
    summary: 'Catalog products of the loaded data pack, with sources',
    responses: { 200: json(z.object({ data: z.string(), items: z.array(product) }), 'Products') },
  }),
  (c) => {
    const pack = c.get('ctx').pack;
    return c.json(
      { data: `${pack.version}+${pack.hash}`, items: pack.products.map((p) => toProduct(pack, p)) },
      200,
    );
  },
);

catalogRoutes.openapi(
  defineRoute('viewer', {
    method: 'get',
    path: '/api/v1/products/{id}',
    summary: 'One catalog product',
    request: { params: idParam(128) },
    responses: { 200: json(product, 'Product'), 404: json(errorSchema, 'Unknown product') },
  }),
  (c) => {
    const pack = c.get('ctx').pack;
    const p = pack.products.find((x) => x.id === c.req.valid('param').id);
    return p
      ? c.json(toProduct(pack, p), 200)
      : c.json({ error: 'not-found', message: 'no such product' }, 404);
  },
);

catalogRoutes.openapi(
  defineRoute('viewer', {
    method: 'get',
    path: '/api/v1/determinations',
    summary: 'Determinations (rulings) with phases and sources',
    responses: { 200: json(z.object({ data: z.string(), items: z.array(determination) }), 'Determinations') },
  }),
  (c) => {
    const pack = c.get('ctx').pack;
    return c.json(
      {
        data: `${pack.version}+${pack.hash}`,
        items: pack.determinations.map((d) => toDetermination(pack, d)),
      },
      200,
    );
  },
);

catalogRoutes.openapi(
  defineRoute('viewer', {
    method: 'get',
    path: '/api/v1/determinations/{id}',
    summary: 'One determination',
    request: { params: idParam(128) },
    responses: { 200: json(determination, 'Determination'), 404: json(errorSchema, 'Unknown determination') },
  }),
  (c) => {
    const pack = c.get('ctx').pack;
    const d = pack.determinations.find((x) => x.id === c.req.valid('param').id);
    return d
      ? c.json(toDetermination(pack, d), 200)
      : c.json({ error: 'not-found', message: 'no such determination' }, 404);
  },
);
