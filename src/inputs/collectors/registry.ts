import type { Collector } from '../types.js';
import { linuxCollector } from './linux.js';
import { macosCollector } from './macos.js';
import { windowsCollector } from './windows.js';

// Apart from the format registry, so that a scan of files never loads the host collectors.

/** Every live-host collector, one line each. */
export const COLLECTORS: readonly Collector[] = [linuxCollector, macosCollector, windowsCollector];

/** The collectors that can run on this platform. */
export function listHostCollectors(platform: NodeJS.Platform = process.platform): Collector[] {
  return COLLECTORS.filter((c) => c.platforms.includes(platform));
}
