import { loadDataPack, type DataPack } from '../../data/load.js';
import type { Source } from '../../data/schema.js';
import { explainId, sourceAddress } from '../../policy/explain.js';
import type { CliIO } from '../io.js';

type Explanation = NonNullable<ReturnType<typeof explainId>>;

export async function explain(
  id: string,
  flags: { json?: boolean; dataDir?: string },
  io: CliIO,
): Promise<number> {
  const pack = await loadDataPack(flags.dataDir);
  const found = explainId(pack, id);
  if (!found) {
    io.stderr.write(`interdict: nothing in the data pack has the id "${id}"\n${suggest(pack, id)}`);
    return 2;
  }
  io.stdout.write(flags.json ? `${JSON.stringify(found, null, 2)}\n` : `${renderText(found).join('\n')}\n`);
  return 0;
}

function suggest(pack: DataPack, id: string): string {
  const key = id.toLowerCase();
  const ids = [
    ...pack.products.map((p) => p.id),
    ...pack.determinations.map((d) => d.id),
    ...pack.vendors.flatMap((v) => [v.id, ...v.entities.map((e) => e.id)]),
  ];
  const close = ids.filter((x) => x.includes(key) || key.includes(x)).slice(0, 8);
  return close.length
    ? `hint: did you mean ${close.join(', ')}?\n`
    : 'hint: `interdict data list` lists determinations, `interdict data show` products\n';
}

function renderSources(sources: Source[]): string[] {
  return [
    'sources:',
    ...sources.map(
      (s) => `  [${s.id}] ${s.title}${s.published ? ` (${s.published})` : ''}\n      ${sourceAddress(s)}`,
    ),
  ];
}

function renderText(e: Explanation): string[] {
  switch (e.kind) {
    case 'product':
      return [
        `${e.product.name}  (${e.product.id})`,
        `  vendor ${e.vendor?.name ?? e.product.vendor}; category ${e.product.category}; platforms ${e.product.platforms.join(', ') || 'any'}`,
        ...(e.product.integration
          ? [
              `  integrated in ${e.product.integration.carrier} (${e.product.integration.carrierVendor}) as ${e.product.integration.component}`,
            ]
          : []),
        ...(e.product.note ? [`  note: ${e.product.note}`] : []),
        '',
        'identifiers:',
        ...e.product.identifiers.map(
          (i) =>
            `  ${i.kind.padEnd(15)} ${i.value} (${i.match}, ${i.confidence}${i.evidence === 'weak' ? ', weak evidence' : ''}) [${i.sources.join(', ')}]`,
        ),
        '',
        'determinations:',
        ...e.coverage.map((c) => `  ${c.determination.padEnd(36)} ${c.scope.padEnd(12)} ${c.reason}`),
        '',
        ...renderSources(e.sources),
      ];
    case 'determination': {
      const d = e.determination;
      return [
        `${d.title}  (${d.id})`,
        `  ${d.authority}; ${d.kind}; published ${d.published}`,
        `  citations: ${d.citations.join('; ')}`,
        `  binds: ${d.profiles.join(', ')}`,
        ...(d.categories.length
          ? [`  covers categories: ${d.categories.join(', ')}`]
          : [`  covers every product of: ${d.vendors.join(', ')}`]),
        `  third-party integrations: ${d.integrations ? 'covered' : 'not covered'}`,
        ...d.exemptions.map((x) => `  exempt (${x.categories.join(', ')}): ${x.summary}`),
        '',
        'phases:',
        ...d.phases.flatMap((p) => [
          `  ${p.since}${p.until ? `..${p.until}` : ''}  ${p.id}: ${p.summary} [${p.citation}]`,
          ...p.effects.map((x) => `      ${x.subject}: ${x.status} — ${x.effect}`),
        ]),
        ...(d.obligations?.length
          ? [
              '',
              'obligations:',
              ...d.obligations.map((o) => `  ${o.summary}${o.within ? ` (${o.within})` : ''}`),
            ]
          : []),
        ...(e.entities.length
          ? ['', 'entities named:', ...e.entities.map((x) => `  ${x.id}  ${x.name}`)]
          : []),
        ...(d.note ? ['', `note: ${d.note}`] : []),
        '',
        ...renderSources(e.sources),
      ];
    }
    case 'vendor':
      return [
        `${e.vendor.name}  (${e.vendor.id})`,
        `  aliases: ${e.vendor.aliases.join(', ')}`,
        `  products: ${e.products.join(', ')}`,
        '',
        ...renderSources(e.sources),
      ];
    case 'entity':
      return [
        `${e.entity.name}  (${e.entity.id}), ${e.entity.kind}, ${e.entity.relation} of ${e.vendor.name}`,
        ...(e.entity.aliases.length ? [`  aliases: ${e.entity.aliases.join('; ')}`] : []),
        ...(e.entity.country ? [`  country: ${e.entity.country}`] : []),
        ...e.entity.addresses.map((a) => `  address: ${a}`),
        `  listed by: ${e.listedBy.map((d) => d.id).join(', ') || 'none'}`,
        '',
        ...renderSources(e.sources),
      ];
    case 'source':
      return [
        `[${e.source.id}] ${e.source.title}`,
        `  ${sourceAddress(e.source)}`,
        `  cited by: ${e.citedBy.join(', ')}`,
      ];
  }
}
