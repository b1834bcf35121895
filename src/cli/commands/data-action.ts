import { installDataPack } from '../../data/install.js';
import { DataPackError, loadDataPack } from '../../data/load.js';
import { countEvidence, verifyDataPack, type EvidenceCount } from '../../data/verify.js';
import { describeDataPack } from '../../policy/explain.js';
import type { CliIO } from '../io.js';

interface DataFlags {
  json?: boolean;
  dataDir?: string;
}

export async function listData(flags: DataFlags, io: CliIO): Promise<number> {
  const summary = describeDataPack(await loadDataPack(flags.dataDir));
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  }
  const c = summary.counts;
  const lines = [
    `${summary.name} ${summary.version} (hash ${summary.hash}, reviewed ${summary.reviewed})`,
    `  ${summary.dir}`,
    `  ${c.determinations} determinations, ${c.vendors} vendor(s), ${c.entities} entities, ${c.products} products, ${c.identifiers} identifiers, ${c.sources} sources`,
    '',
    'determinations:',
    ...summary.determinations.map(
      (d) =>
        `  ${d.id}  ${d.title}\n    published ${d.published}; binds ${d.profiles.join(', ')}; phases ${d.phases
          .map((p) => `${p.id} ${p.since}`)
          .join(', ')}`,
    ),
    '',
    'products by category:',
    ...Object.entries(summary.productsByCategory)
      .sort()
      .map(([k, n]) => `  ${k.padEnd(22)} ${n}`),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

export async function showData(category: string | undefined, flags: DataFlags, io: CliIO): Promise<number> {
  const pack = await loadDataPack(flags.dataDir);
  const products = pack.products.filter((p) => !category || p.category === category);
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(products, null, 2)}\n`);
    return 0;
  }
  if (!products.length) {
    const known = [...new Set(pack.products.map((p) => p.category))].sort().join(', ');
    io.stderr.write(`no products in category "${category}"; categories: ${known}\n`);
    return 2;
  }
  for (const p of products) {
    io.stdout.write(`${p.id}  ${p.name}  [${p.category}${p.legacy ? ', legacy' : ''}]\n`);
    for (const i of p.identifiers) {
      const flags = [
        i.match !== 'exact' ? i.match : '',
        i.confidence !== 'high' ? i.confidence : '',
        i.needsCorroboration ? 'needs corroboration' : '',
        i.evidence === 'weak' ? 'weak evidence' : '',
      ]
        .filter(Boolean)
        .join(', ');
      io.stdout.write(`    ${i.kind.padEnd(15)} ${i.value}${flags ? `  (${flags})` : ''}\n`);
    }
  }
  return 0;
}

export async function verifyData(flags: DataFlags, io: CliIO): Promise<number> {
  let problems: string[];
  let label = flags.dataDir ?? 'bundled data pack';
  let evidence: EvidenceCount | undefined;
  try {
    const pack = await loadDataPack(flags.dataDir, { cache: false });
    label = `${pack.manifest.name} ${pack.version} (hash ${pack.hash})`;
    problems = verifyDataPack(pack).problems;
    evidence = countEvidence(pack);
  } catch (error) {
    if (!(error instanceof DataPackError)) throw error;
    problems = error.problems;
  }
  if (flags.json)
    io.stdout.write(
      `${JSON.stringify({ pack: label, ok: problems.length === 0, problems, ...(evidence ? { evidence } : {}) }, null, 2)}\n`,
    );
  else {
    if (problems.length)
      io.stdout.write(
        `${label}: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}\n`,
      );
    else io.stdout.write(`${label}: ok\n`);
    if (evidence) {
      io.stdout.write(
        `identifiers: ${evidence.resolvable} of ${evidence.identifiers} rest on a source a reader can follow; ${evidence.weak} marked evidence: weak\n`,
      );
    }
  }
  return problems.length ? 1 : 0;
}

export async function updateData(dir: string, flags: { force?: boolean }, io: CliIO): Promise<number> {
  let result;
  try {
    result = await installDataPack(dir, { force: flags.force, env: io.env });
  } catch (error) {
    if (!(error instanceof DataPackError)) throw error;
    io.stderr.write(`${dir}: not a valid data pack:\n${error.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return 1;
  }
  const label = `${result.pack.manifest.name} ${result.pack.version} (hash ${result.pack.hash})`;
  if (result.problems.length) {
    io.stderr.write(
      `${label}: ${result.problems.length} problem(s), not installed\n${result.problems.map((p) => `  ${p}`).join('\n')}\n`,
    );
    return 1;
  }
  if (!result.installed) {
    io.stdout.write(
      `${label} is not newer than ${result.previous} in use; nothing installed (--force to install anyway)\n`,
    );
    return 0;
  }
  io.stdout.write(`installed ${label} in ${result.target} (was ${result.previous})\n`);
  return 0;
}
