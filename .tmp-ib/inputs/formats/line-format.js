import { readLines } from '../lines.js';
import { readSample } from '../source.js';
/**
 * Builds a line-per-record format: `line N` locators, bounded memory, the prefilter for logs,
 * the context's host for records that do not name one.
 * @example export const pkgutilPkgs = createLineFormat({ id: 'pkgutil-pkgs', …, parse: (t) => ({ kind: 'package', name: t }) });
 */
export function createLineFormat(spec) {
    return {
        id: spec.id,
        description: spec.description,
        producedBy: spec.producedBy,
        fileNames: spec.fileNames,
        detect: spec.detect,
        read: (source, ctx) => readLineRecords(spec, source, ctx),
    };
}
async function* readLineRecords(spec, source, ctx) {
    const state = spec.start ? spec.start(await readSample(source)) : undefined;
    const structural = spec.structural;
    const lineCtx = structural
        ? {
            ...ctx,
            error: ctx.error,
            record: ctx.record,
            progress: ctx.progress,
            mayMatch: (chunk) => ctx.mayMatch(chunk) ||
                (typeof chunk === 'string' ? chunk.includes(structural) : chunk.includes(structural)),
        }
        : ctx;
    for await (const { line, text } of readLines(source, lineCtx, { prefilter: spec.prefilter ?? false })) {
        if (spec.isHeader?.(text, line, state))
            continue;
        ctx.record();
        let result;
        try {
            result = spec.parse(text, line, state);
        }
        catch (cause) {
            result = { error: cause.message };
        }
        if (!result)
            continue;
        if ('error' in result) {
            ctx.error(`line ${line}`, result.error);
            continue;
        }
        const host = result.host ?? ctx.host;
        yield {
            ...result,
            ...(host ? { host } : {}),
            origin: { source: source.name, format: spec.id, locator: `line ${line}` },
        };
    }
}
/** The first non-empty lines of a sample, BOM and CR removed. */
export function sampleLines(sample, count = 20) {
    return sample.text
        .replace(/^\uFEFF/, '')
        .split('\n', count * 4)
        .map((l) => l.replace(/\r$/, ''))
        .filter((l) => l.trim() !== '')
        .slice(0, count);
}
/** Share of lines that satisfy `test`, over the first (complete) lines of a sample. */
export function shareOfLines(sample, test, count = 20) {
    const lines = sampleLines(sample, count + 1);
    // The last line of a 64 KiB sample may be cut: judge only complete ones when there are several.
    const judged = lines.length > count ? lines.slice(0, count) : lines;
    if (judged.length === 0)
        return 0;
    return judged.filter(test).length / judged.length;
}
