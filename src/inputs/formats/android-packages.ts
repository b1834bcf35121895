import { prune, toAttributes } from './json-values.js';
import { createLineFormat, linesPass } from './line-format.js';

const PACKAGE = /^[A-Za-z][\w]*(\.[\w]+)+$/;

/**
 * `adb shell pm list packages` with any of -f (APK path), -i (installer), -U (uid),
 * --show-versioncode: one `package:` line per app.
 */
export const pmListPackages = createLineFormat({
  id: 'pm-list-packages',
  description: 'Android pm list packages [-f] [-i] [-U] [--show-versioncode]',
  producedBy: 'adb shell pm list packages -f -i --show-versioncode > packages.txt',
  detect(sample) {
    return linesPass(sample, (l) => l.startsWith('package:'), 0.8)
      ? { id: 'pm-list-packages', confidence: 0.95 }
      : undefined;
  },
  parse(text) {
    if (!text.startsWith('package:')) return { error: 'expected a "package:" line' };
    const fields = text.slice(8).trim().split(/\s+/);
    let spec = fields.shift() ?? '';
    const extra: Record<string, string> = {};
    for (const f of fields) {
      const m = /^([A-Za-z]+)[:=](.*)$/.exec(f);
      if (m) extra[m[1]!] = m[2]!;
    }
    let path: string | undefined;
    // -f: "/data/app/~~x==/com.kms.free-y==/base.apk=com.kms.free"; the name cannot hold '='.
    const eq = spec.lastIndexOf('=');
    if (spec.startsWith('/') && eq !== -1) {
      path = spec.slice(0, eq);
      spec = spec.slice(eq + 1);
    }
    if (!PACKAGE.test(spec)) return { error: `${JSON.stringify(spec)} is not an Android package name` };
    return prune({
      kind: 'app' as const,
      name: spec,
      path,
      version: extra['versionCode'],
      ids: [{ kind: 'android-package' as const, value: spec }],
      attributes: toAttributes({
        installer: extra['installer'] === 'null' ? undefined : extra['installer'],
        uid: extra['uid'],
        versionCode: extra['versionCode'],
      }),
    });
  },
});
