import { findJsonSyntaxProblem } from './json-syntax.js';
import { artifacts } from './artifacts/artifact-format.js';
import { linuxCollector } from './collectors/linux.js';
import { macosCollector } from './collectors/macos.js';
import { windowsCollector } from './collectors/windows.js';
import { csv } from './formats/csv.js';
import { suppliers } from './formats/suppliers.js';
import { cyclonedxJson } from './formats/cyclonedx-json.js';
import { osqueryJson } from './formats/osquery-json.js';
import { osqueryResults } from './formats/osquery-results.js';
import { bindQuery } from './formats/bind-query.js';
import { dnsmasqLog } from './formats/dnsmasq-log.js';
import { domainList } from './formats/domain-list.js';
import { squidAccess } from './formats/squid-access.js';
import { zeekDns } from './formats/zeek-dns.js';
import { windowsDnsDebug } from './formats/windows-dns-debug.js';
import { fortigateLog } from './formats/fortigate-log.js';
import { panosSyslog } from './formats/panos-csv.js';
import { cefLog } from './formats/cef-log.js';
import { cyclonedxXml } from './formats/cyclonedx-xml.js';
import { spdx3JsonLd } from './formats/spdx3-jsonld.js';
import { spdxJson } from './formats/spdx-json.js';
import { spdxTagValue } from './formats/spdx-tag-value.js';
import { syftJson } from './formats/syft-json.js';
import { driverqueryCsv } from './formats/driverquery-csv.js';
import { powershellCsv } from './formats/powershell-csv.js';
import { powershellJson } from './formats/powershell-json.js';
import { regExport } from './formats/reg-export.js';
import { tasklistCsv } from './formats/tasklist-csv.js';
import { wingetExport } from './formats/winget-export.js';
import { wingetList } from './formats/winget-list.js';
import { pmListPackages } from './formats/android-packages.js';
import { defenderApi } from './formats/defender-api.js';
import { fleetApi } from './formats/fleet-api.js';
import { apkInfo, dpkgList, dpkgQuery, flatpakList, rpmQa, snapList } from './formats/linux-packages.js';
import { brewList, launchctlList, pkgutilPkgs } from './formats/macos-lists.js';
import { mdmAppsCsv } from './formats/mdm-apps-csv.js';
import { systemProfilerApps } from './formats/system-profiler-apps.js';
import { xlsxInventory } from './formats/xlsx-inventory.js';
import { interdictInventory } from './formats/interdict-inventory.js';
import type { Collector, Detection, InputFormat, Sample } from './types.js';

/** Every file format, one line each; order breaks ties between equally confident detections. */
export const INPUT_FORMATS: readonly InputFormat[] = [
  interdictInventory,
  osqueryResults,
  osqueryJson,
  cyclonedxJson,
  cyclonedxXml,
  spdxJson,
  spdxTagValue,
  spdx3JsonLd,
  syftJson,
  fleetApi,
  defenderApi,
  mdmAppsCsv,
  xlsxInventory,
  wingetExport,
  wingetList,
  regExport,
  powershellJson,
  powershellCsv,
  tasklistCsv,
  driverqueryCsv,
  systemProfilerApps,
  pkgutilPkgs,
  brewList,
  launchctlList,
  dpkgList,
  dpkgQuery,
  rpmQa,
  apkInfo,
  snapList,
  flatpakList,
  pmListPackages,
  suppliers,
  csv,
  zeekDns,
  squidAccess,
  bindQuery,
  dnsmasqLog,
  windowsDnsDebug,
  fortigateLog,
  panosSyslog,
  cefLog,
  domainList,
  artifacts,
];

/** Every live-host collector, one line each. */
const COLLECTORS: readonly Collector[] = [linuxCollector, macosCollector, windowsCollector];

/** Ids accepted by `--input-format`. */
export const INPUT_FORMAT_IDS: readonly string[] = INPUT_FORMATS.map((f) => f.id);

export const FORMAT_ERROR_CODES = [
  'unknown-format-id',
  'unrecognised',
  'unsupported-version',
  'empty',
] as const;
export type FormatErrorCode = (typeof FORMAT_ERROR_CODES)[number];

/** Why an input's format could not be settled; `code` tells the three cases apart. */
export class InputFormatError extends Error {
  constructor(
    readonly code: FormatErrorCode,
    message: string,
    readonly source: string,
  ) {
    super(message);
    this.name = 'InputFormatError';
  }
}

export interface ResolvedFormat {
  format: InputFormat;
  detection: Detection;
  /** How the format was chosen. */
  by: 'explicit' | 'content' | 'file-name';
}

/**
 * Chooses the format of an input: the explicit `--input-format` id, else the most confident
 * content detection, else a file-name hint.
 * @throws InputFormatError `unknown-format-id`, `unrecognised`, `unsupported-version` or `empty`.
 * @example const { format } = resolveFormat(await readSample(source));
 */
export function resolveFormat(
  sample: Sample,
  explicitId?: string,
  formats: readonly InputFormat[] = INPUT_FORMATS,
): ResolvedFormat {
  const settled = settleFormat(sample, explicitId, formats);
  if ('format' in settled) return settled;
  throw new InputFormatError(settled.code, settled.message, sample.name);
}

/** Why no format was chosen, as `resolveFormat` would throw it. */
export interface FormatProblem {
  code: FormatErrorCode;
  message: string;
  /** Where in the input, when a place can be named (a JSON syntax error); else its first byte. */
  locator?: string;
}

/**
 * `resolveFormat` without the exception: a directory scan settles thousands of files that are no
 * input at all, and an Error (with its stack) per file is most of the cost of saying so.
 * `brief` leaves the list of tried formats out of the `unrecognised` message.
 */
export function settleFormat(
  sample: Sample,
  explicitId?: string,
  formats: readonly InputFormat[] = INPUT_FORMATS,
  brief = false,
): ResolvedFormat | FormatProblem {
  if (explicitId !== undefined) {
    const format = formats.find((f) => f.id === explicitId);
    if (!format) {
      return {
        code: 'unknown-format-id',
        message: `unknown --input-format value "${explicitId}"; valid ids: ${formats.map((f) => f.id).join(', ')}`,
      };
    }
    const detection = format.detect(sample) ?? { id: format.id, confidence: 1 };
    return versionProblem(format, detection) ?? { format, detection, by: 'explicit' };
  }
  if (sample.bytes.length === 0) return { code: 'empty', message: 'empty input (0 bytes)' };
  let best: { format: InputFormat; detection: Detection } | undefined;
  for (const format of formats) {
    const detection = format.detect(sample);
    if (detection && (!best || detection.confidence > best.detection.confidence))
      best = { format, detection };
  }
  if (best) return versionProblem(best.format, best.detection) ?? { ...best, by: 'content' };
  const byName = formats.find((f) => f.fileNames?.some((re) => re.test(sample.name)));
  if (byName) return { format: byName, detection: { id: byName.id, confidence: 0.1 }, by: 'file-name' };
  const syntax = findJsonSyntaxProblem(sample);
  if (syntax) return { code: 'unrecognised', ...syntax };
  const what = sample.text === '' ? 'binary content' : 'text';
  return {
    code: 'unrecognised',
    message: brief
      ? `no input format recognised (${what})`
      : `no input format recognised (${what}); tried ${formats.map((f) => f.id).join(', ')}; use --input-format ID`,
  };
}

function versionProblem(format: InputFormat, detection: Detection): FormatProblem | undefined {
  if (!format.versions || detection.version === undefined) return undefined;
  if (format.versions.includes(detection.version)) return undefined;
  return {
    code: 'unsupported-version',
    message: `${format.id} version ${detection.version} is not supported; supported: ${format.versions.join(', ')}`,
  };
}

/** The collectors that can run on this platform. */
export function listHostCollectors(platform: NodeJS.Platform = process.platform): Collector[] {
  return COLLECTORS.filter((c) => c.platforms.includes(platform));
}
