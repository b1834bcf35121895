import type { Readable } from 'node:stream';
import type { IdentifierKind, Observation } from '../core/observation.js';
import type { EncodingDecision } from './encoding.js';

/** The first bytes of an input, decoded, for cheap content detection. */
export interface Sample {
  /** File name or '-' for stdin; used only for name hints. */
  name: string;
  /** Up to 64 KiB decoded to text (BOM and UTF-16 handled), or '' when binary. */
  text: string;
  /** The raw first bytes. */
  bytes: Buffer;
}

export interface Detection {
  id: string;
  /** Format version when the format has one (CycloneDX 1.5, SPDX 2.3…). */
  version?: string;
  /** 0..1: how sure the detector is; the registry takes the highest. */
  confidence: number;
}

/** A readable input: a file, stdin, an archive member. */
export interface InputSource {
  /** What the user named (path, '-', or path!member for archive members). */
  name: string;
  size?: number;
  /** The file on disk, when the source is one: readers of executables and archives need random access. */
  path?: string;
  /** Opens the raw bytes; may be called once (stdin) or several times (files). */
  open(): Readable;
  /**
   * The first `bytes` bytes without consuming the source; single-use sources (stdin) provide it
   * so that detection does not eat what the reader needs.
   */
  peek?(bytes: number): Promise<Buffer>;
  /** The first bytes already read (by detection), without any I/O: readers with random access start from them. */
  cachedHead?(): Buffer;
  /**
   * The raw bytes as chunks read into reused buffers: faster than `open()` for big files, but a
   * chunk is valid only until the next one is requested (copy what you keep).
   */
  readChunks?(signal?: AbortSignal): AsyncIterable<Buffer>;
  /**
   * The encoding already decided for the whole input: a slice of a file (read by a worker) is
   * decoded as its file is, whatever its own first bytes look like.
   */
  encoding?: EncodingDecision;
}

export interface ReadContext {
  /** Records a located error; reading continues. */
  error(locator: string, message: string): void;
  /**
   * Records something worth showing that is not a failure (a collector's source that does
   * not exist on this host); it does not make the input count as partly unread.
   */
  note?(locator: string, message: string): void;
  /** Counts one record read (matched or not); the report's `records`. */
  record(count?: number): void;
  /**
   * True when a raw chunk of text may contain something the catalog knows.
   * Readers of big line-based logs call it before parsing a line or a block of lines.
   */
  mayMatch(chunk: string | Buffer): boolean;
  /**
   * False when an observation cannot come to a finding: the matcher's own first step rules it
   * out (no word of a supplier's names reaches a screened party). Readers of big record lists
   * count such a record, report its errors and drop it instead of yielding it. Unset: keep all.
   */
  mayFind?(observation: Observation): boolean;
  /** Bytes consumed so far, for progress on a TTY. */
  progress(bytesRead: number): void;
  /** Told by `readLines` once at the end: how many lines the input had, empty ones included. */
  linesRead?(count: number): void;
  /** Host to assume when records do not say (a collector's host, an `--host-name` option). */
  host?: string;
  signal?: AbortSignal;
}

export interface InputFormat {
  id: string;
  description: string;
  /** How the user produces this input, shown in the README and in `--input-format` help. */
  producedBy: string;
  /** File-name hints, the last resort of detection. */
  fileNames?: RegExp[];
  /** Versions this reader supports; a detection with another version is "known format, unsupported version". */
  versions?: readonly string[];
  detect(sample: Sample): Detection | undefined;
  /**
   * The only identifier kinds this format's observations carry (a DNS log: domain and name), so a
   * big log can be prefiltered on those alone; unset means any kind.
   */
  identifierKinds?: readonly IdentifierKind[];
  read(source: InputSource, ctx: ReadContext): AsyncIterable<Observation>;
}

export interface Collector {
  id: string;
  description: string;
  platforms: NodeJS.Platform[];
  collect(ctx: ReadContext): AsyncIterable<Observation>;
}
