import { openText } from '../source.js';
/**
 * Documents whose meaning is a tree (an SBOM: metadata, nested components, dependencies) are
 * parsed whole. V8 cannot hold a string much beyond 512 MiB, so the limit is set well below and
 * exceeding it is a clear error rather than an out-of-memory crash.
 */
export const MAX_DOCUMENT_CHARS = 256 * 1024 * 1024;
/** Reads and parses a whole JSON document; undefined (after a located error) when it cannot. */
export async function readJsonDocument(source, ctx, maxChars = MAX_DOCUMENT_CHARS) {
    const parts = [];
    let length = 0;
    for await (const text of openText(source, ctx)) {
        length += text.length;
        if (length > maxChars) {
            ctx.error('/', `document larger than ${Math.round(maxChars / 1024 / 1024)} MiB; not read`);
            return undefined;
        }
        parts.push(text);
    }
    const text = parts.join('');
    if (text.trim() === '') {
        ctx.error('line 1', 'empty input: expected a JSON document');
        return undefined;
    }
    try {
        return JSON.parse(text);
    }
    catch (cause) {
        ctx.error(locateJsonError(text, cause), `invalid JSON: ${cause.message}`);
        return undefined;
    }
}
/** Turns V8's "at position N" (or end of input) into "line L". */
export function locateJsonError(text, error) {
    const m = /position (\d+)/.exec(error.message);
    const position = m ? Number(m[1]) : text.length;
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1))
        line++;
    return `line ${line}`;
}
