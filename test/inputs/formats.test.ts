import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INPUT_FORMATS, resolveFormat } from '../../src/inputs/registry.js';
import { createBufferSource, openFileSource, readSample } from '../../src/inputs/source.js';
import { readFileSync } from 'node:fs';
import { collect, createTestContext, FIXTURES, readFixture } from './helpers.js';

/** [locator, kind, name, version, host, first identifier, removed?] of every observation. */
type Row = [string, string, string | undefined, string | null, string | null, string | null, ...true[]];

interface Case {
  file: string;
  format: string;
  records: number;
  errors: string[];
  observations: Row[];
}

/**
 * Every inventory, SBOM, host-listing and network-log fixture: read by the format it is detected
 * as, with the exact observations (and their origin locators) and the located errors.
 */
const CASES: Case[] = [
  {
    file: 'android/mdm-apps.csv',
    format: 'mdm-apps-csv',
    records: 4,
    errors: ['line 5'],
    observations: [
      [
        'line 2',
        'app',
        'Kaspersky: VPN & Antivirus',
        '11.118.4.9780',
        'PIXEL-7-JDOE',
        'android-package:com.kms.free',
      ],
      [
        'line 3',
        'app',
        'Microsoft Authenticator',
        '6.2409.6131',
        'PIXEL-7-JDOE',
        'android-package:com.azure.authenticator',
      ],
      [
        'line 4',
        'app',
        'Kaspersky Password Manager',
        '9.2.1',
        'IPHONE-ASMITH',
        'bundle-id:com.kaspersky.passwordmanager',
      ],
    ],
  },
  {
    file: 'android/pm-list-f-i.txt',
    format: 'pm-list-packages',
    records: 4,
    errors: [],
    observations: [
      ['line 1', 'app', 'com.kms.free', '1180097', null, 'android-package:com.kms.free'],
      ['line 2', 'app', 'com.android.vending', '84071700', null, 'android-package:com.android.vending'],
      [
        'line 3',
        'app',
        'com.kaspersky.security.cloud',
        '1180033',
        null,
        'android-package:com.kaspersky.security.cloud',
      ],
      ['line 4', 'app', 'org.mozilla.firefox', '2016044159', null, 'android-package:org.mozilla.firefox'],
    ],
  },
  {
    file: 'android/pm-list.txt',
    format: 'pm-list-packages',
    records: 4,
    errors: [],
    observations: [
      ['line 1', 'app', 'com.android.settings', null, null, 'android-package:com.android.settings'],
      ['line 2', 'app', 'com.google.android.gms', null, null, 'android-package:com.google.android.gms'],
      ['line 3', 'app', 'com.kms.free', null, null, 'android-package:com.kms.free'],
      ['line 4', 'app', 'com.whatsapp', null, null, 'android-package:com.whatsapp'],
    ],
  },
  {
    file: 'defender/software-inventory-by-machine.json',
    format: 'defender-api',
    records: 2,
    errors: [],
    observations: [
      [
        '/value/0',
        'program',
        'endpoint_security',
        '12.6.0.438',
        'ws-fin-014.corp.example',
        'cpe:cpe:2.3:a:kaspersky:endpoint_security:12.6.0.438:*:*:*:*:*:*:*',
      ],
      [
        '/value/1',
        'program',
        'chrome',
        '129.0.6668.90',
        'ws-fin-014.corp.example',
        'cpe:cpe:2.3:a:google:chrome:129.0.6668.90:*:*:*:*:*:*:*',
      ],
    ],
  },
  {
    file: 'defender/software-inventory-portal.csv',
    format: 'csv',
    records: 2,
    errors: [],
    observations: [
      ['line 2', 'program', 'endpoint_security', '12.6.0.438', null, null],
      ['line 3', 'program', 'chrome', '129.0.6668.90', null, null],
    ],
  },
  {
    file: 'defender/software.json',
    format: 'defender-api',
    records: 2,
    errors: [],
    observations: [
      [
        '/value/0',
        'program',
        'endpoint_security',
        null,
        null,
        'cpe:cpe:2.3:a:kaspersky:endpoint_security:*:*:*:*:*:*:*:*',
      ],
      ['/value/1', 'program', 'edge', null, null, 'cpe:cpe:2.3:a:microsoft:edge:*:*:*:*:*:*:*:*'],
    ],
  },
  {
    file: 'defender/via-files.json',
    format: 'defender-api',
    records: 2,
    errors: [],
    observations: [
      [
        'line 1',
        'program',
        'endpoint_security',
        '12.6.0.438',
        'ws-fin-014.corp.example',
        'cpe:cpe:2.3:a:kaspersky:endpoint_security:12.6.0.438:*:*:*:*:*:*:*',
      ],
      [
        'line 2',
        'program',
        'endpoint_antivirus',
        '11.0.2044.0',
        'ws-hr-003.corp.example',
        'cpe:cpe:2.3:a:eset:endpoint_antivirus:11.0.2044.0:*:*:*:*:*:*:*',
      ],
    ],
  },
  {
    file: 'fleet/host-software.json',
    format: 'fleet-api',
    records: 2,
    errors: [],
    observations: [
      [
        '/software/0/installed_versions/0',
        'program',
        'Kaspersky Endpoint Security for Windows',
        '12.6.0.438',
        null,
        null,
      ],
      [
        '/software/1/installed_versions/0',
        'app',
        'Kaspersky Password Manager.app',
        '9.2.104',
        null,
        'bundle-id:com.kaspersky.passwordmanager',
      ],
    ],
  },
  {
    file: 'fleet/host.json',
    format: 'fleet-api',
    records: 3,
    errors: [],
    observations: [
      [
        '/host/software/0',
        'program',
        'Kaspersky Endpoint Security for Windows',
        '12.6.0.438',
        'WS-FIN-014.corp.example',
        'cpe:cpe:2.3:a:kaspersky:endpoint_security:12.6.0.438:*:*:*:*:windows:*:*',
      ],
      [
        '/host/software/1',
        'program',
        '7-Zip 24.08 (x64)',
        '24.08',
        'WS-FIN-014.corp.example',
        'cpe:cpe:2.3:a:7-zip:7-zip:24.08:*:*:*:*:*:x64:*',
      ],
      ['/host/software/2', 'extension', 'uBlock Origin', '1.60.0', 'WS-FIN-014.corp.example', null],
    ],
  },
  {
    file: 'fleet/software-titles.json',
    format: 'fleet-api',
    records: 3,
    errors: ['/software_titles/2'],
    observations: [
      [
        '/software_titles/0/versions/0',
        'program',
        'Kaspersky Endpoint Security for Windows',
        '12.3.0.493',
        null,
        null,
      ],
      [
        '/software_titles/0/versions/1',
        'program',
        'Kaspersky Endpoint Security for Windows',
        '12.6.0.438',
        null,
        null,
      ],
      [
        '/software_titles/1/versions/0',
        'app',
        'Google Chrome.app',
        '129.0.6668.90',
        null,
        'bundle-id:com.google.Chrome',
      ],
    ],
  },
  {
    file: 'linux-files/apk-info.txt',
    format: 'apk-info',
    records: 4,
    errors: [],
    observations: [
      ['line 2', 'package', 'musl', '1.2.5-r0', null, 'linux-package:musl'],
      ['line 3', 'package', 'busybox', '1.36.1-r29', null, 'linux-package:busybox'],
      [
        'line 4',
        'package',
        'ca-certificates-bundle',
        '20240705-r0',
        null,
        'linux-package:ca-certificates-bundle',
      ],
      ['line 5', 'package', 'kaspersky-scanner', '2.1.0.77-r3', null, 'linux-package:kaspersky-scanner'],
    ],
  },
  {
    file: 'linux-files/dpkg-l.txt',
    format: 'dpkg-list',
    records: 5,
    errors: [],
    observations: [
      ['line 6', 'package', 'adduser', '3.134', null, 'linux-package:adduser'],
      ['line 7', 'package', 'kesl', '12.1.0-1297', null, 'linux-package:kesl'],
      ['line 8', 'package', 'klnagent64', '15.1.0-20748', null, 'linux-package:klnagent64', true],
      ['line 9', 'package', 'libssl3', '3.0.14-1~deb12u2', null, 'linux-package:libssl3'],
      ['line 10', 'package', 'kav4fs', null, null, 'linux-package:kav4fs', true],
    ],
  },
  {
    file: 'linux-files/dpkg-query-default.txt',
    format: 'dpkg-query',
    records: 4,
    errors: [],
    observations: [
      ['line 1', 'package', 'adduser', '3.134', null, 'linux-package:adduser'],
      ['line 2', 'package', 'kesl', '12.1.0-1297', null, 'linux-package:kesl'],
      ['line 3', 'package', 'libssl3', '3.0.14-1~deb12u2', null, 'linux-package:libssl3'],
      ['line 4', 'package', 'zlib1g', '1:1.2.13.dfsg-1', null, 'linux-package:zlib1g'],
    ],
  },
  {
    file: 'linux-files/flatpak-default.txt',
    format: 'flatpak-list',
    records: 3,
    errors: [],
    observations: [
      ['line 1', 'package', 'Firefox', '131.0.3', null, 'package:org.mozilla.firefox'],
      [
        'line 2',
        'package',
        'Kaspersky Password Manager',
        '9.2.0.1',
        null,
        'package:com.kaspersky.PasswordManager',
      ],
      ['line 3', 'package', 'GNOME Calculator', '46.1', null, 'package:org.gnome.Calculator'],
    ],
  },
  {
    file: 'linux-files/rpm-qa.txt',
    format: 'rpm-qa',
    records: 5,
    errors: [],
    observations: [
      ['line 1', 'package', 'bash', '5.1.8-9.el9', null, 'linux-package:bash'],
      ['line 2', 'package', 'kesl', '12.1.0-1297', null, 'linux-package:kesl'],
      ['line 3', 'package', 'gpg-pubkey', '3228467c-613798eb', null, 'linux-package:gpg-pubkey'],
      ['line 4', 'package', 'openssl-libs', '3.0.7-27.el9', null, 'linux-package:openssl-libs'],
      ['line 5', 'package', 'tzdata', '2024a-1.el9', null, 'linux-package:tzdata'],
    ],
  },
  {
    file: 'linux-files/snap-list.txt',
    format: 'snap-list',
    records: 3,
    errors: [],
    observations: [
      ['line 2', 'package', 'core22', '20241001', null, 'linux-package:core22'],
      ['line 3', 'package', 'firefox', '133.0-2', null, 'linux-package:firefox'],
      ['line 4', 'package', 'kaspersky-passwd', '9.2.0.1', null, 'linux-package:kaspersky-passwd'],
    ],
  },
  {
    file: 'macos/apps.json',
    format: 'system-profiler-apps',
    records: 4,
    errors: ['/SPApplicationsDataType/3'],
    observations: [
      [
        '/SPApplicationsDataType/0',
        'app',
        'Kaspersky Internet Security',
        '21.18.5.1',
        null,
        'signer:Developer ID Application: Kaspersky Lab UK Limited (2Y8XE5CQ94)',
      ],
      ['/SPApplicationsDataType/1', 'app', 'Safari', '18.0', null, 'signer:Software Signing'],
      [
        '/SPApplicationsDataType/2',
        'app',
        'Slack',
        '4.40.128',
        null,
        'signer:Apple Mac OS Application Signing',
      ],
    ],
  },
  {
    file: 'macos/brew-list.txt',
    format: 'brew-list',
    records: 5,
    errors: [],
    observations: [
      ['line 1', 'package', 'git', '2.46.1', null, 'package:git'],
      [
        'line 2',
        'package',
        'kaspersky-password-manager',
        '9.2.104',
        null,
        'package:kaspersky-password-manager',
      ],
      ['line 3', 'package', 'openssl@3', '3.3.2', null, 'package:openssl@3'],
      ['line 4', 'package', 'python@3.12', '3.12.6', null, 'package:python@3.12'],
      ['line 5', 'package', 'wget', '1.24.5', null, 'package:wget'],
    ],
  },
  {
    file: 'macos/launchctl-list.txt',
    format: 'launchctl-list',
    records: 6,
    errors: ['line 7'],
    observations: [
      [
        'line 2',
        'service',
        'com.apple.SafariHistoryServiceAgent',
        null,
        null,
        'service:com.apple.SafariHistoryServiceAgent',
      ],
      ['line 3', 'service', 'com.kaspersky.kav.gui', null, null, 'service:com.kaspersky.kav.gui'],
      ['line 4', 'service', 'com.kaspersky.kav.updater', null, null, 'service:com.kaspersky.kav.updater'],
      ['line 5', 'service', 'com.apple.Finder', null, null, 'service:com.apple.Finder'],
      [
        'line 6',
        'service',
        'application.com.microsoft.teams2.12345678.12345679',
        null,
        null,
        'service:application.com.microsoft.teams2.12345678.12345679',
      ],
    ],
  },
  {
    file: 'macos/pkgutil-pkgs.txt',
    format: 'pkgutil-pkgs',
    records: 6,
    errors: [],
    observations: [
      [
        'line 1',
        'package',
        'com.apple.pkg.CLTools_Executables',
        null,
        null,
        'pkg-id:com.apple.pkg.CLTools_Executables',
      ],
      [
        'line 2',
        'package',
        'com.apple.pkg.MAContent10_AssetPack_0370_AppleLoopsDrumsSet2',
        null,
        null,
        'pkg-id:com.apple.pkg.MAContent10_AssetPack_0370_AppleLoopsDrumsSet2',
      ],
      ['line 3', 'package', 'com.kaspersky.kav.pkg', null, null, 'pkg-id:com.kaspersky.kav.pkg'],
      [
        'line 4',
        'package',
        'com.kaspersky.kav.launcher.pkg',
        null,
        null,
        'pkg-id:com.kaspersky.kav.launcher.pkg',
      ],
      [
        'line 5',
        'package',
        'com.microsoft.package.Microsoft_AutoUpdate.app',
        null,
        null,
        'pkg-id:com.microsoft.package.Microsoft_AutoUpdate.app',
      ],
      ['line 6', 'package', 'org.mozilla.firefox.pkg', null, null, 'pkg-id:org.mozilla.firefox.pkg'],
    ],
  },
  {
    file: 'network/access.log',
    format: 'squid-access',
    records: 7,
    errors: [],
    observations: [
      ['line 1', 'domain', 'dnl-07.geo.kaspersky.com', null, '10.20.4.17', 'domain:dnl-07.geo.kaspersky.com'],
      ['line 2', 'domain', 'www.msftconnecttest.com', null, '10.20.6.101', 'domain:www.msftconnecttest.com'],
      ['line 3', 'domain', 'upd.kaspersky.com', null, '10.20.4.17', 'domain:upd.kaspersky.com'],
      [
        'line 4',
        'domain',
        'ksn-file-geo.kaspersky-labs.com',
        null,
        '10.20.9.55',
        'domain:ksn-file-geo.kaspersky-labs.com',
      ],
      [
        'line 5',
        'domain',
        'login.microsoftonline.com',
        null,
        '10.20.6.101',
        'domain:login.microsoftonline.com',
      ],
    ],
  },
  {
    file: 'network/dns.json.log',
    format: 'zeek-dns',
    records: 3,
    errors: [],
    observations: [
      ['line 1', 'domain', 'dnl-07.geo.kaspersky.com', null, '10.20.4.17', 'domain:dnl-07.geo.kaspersky.com'],
      [
        'line 2',
        'domain',
        'login.microsoftonline.com',
        null,
        '10.20.6.101',
        'domain:login.microsoftonline.com',
      ],
      [
        'line 3',
        'domain',
        'activation-v2.kaspersky.com',
        null,
        '10.20.9.55',
        'domain:activation-v2.kaspersky.com',
      ],
    ],
  },
  {
    file: 'network/dns.log',
    format: 'zeek-dns',
    records: 6,
    errors: [],
    observations: [
      ['line 9', 'domain', 'www.msftconnecttest.com', null, '10.20.4.17', 'domain:www.msftconnecttest.com'],
      [
        'line 10',
        'domain',
        'dnl-07.geo.kaspersky.com',
        null,
        '10.20.4.17',
        'domain:dnl-07.geo.kaspersky.com',
      ],
      [
        'line 11',
        'domain',
        'ksn-file-geo.kaspersky-labs.com',
        null,
        '10.20.4.17',
        'domain:ksn-file-geo.kaspersky-labs.com',
      ],
      [
        'line 12',
        'domain',
        'login.microsoftonline.com',
        null,
        '10.20.6.101',
        'domain:login.microsoftonline.com',
      ],
      ['line 14', 'domain', 'upd.kaspersky.com', null, '10.20.9.55', 'domain:upd.kaspersky.com'],
    ],
  },
  {
    file: 'network/domains.txt',
    format: 'domain-list',
    records: 4,
    errors: ['line 5'],
    observations: [
      ['line 2', 'domain', 'upd.kaspersky.com', null, '10.20.4.17', 'domain:upd.kaspersky.com'],
      ['line 3', 'domain', 'www.msftconnecttest.com', null, null, 'domain:www.msftconnecttest.com'],
      [
        'line 4',
        'domain',
        'ksn-file-geo.kaspersky-labs.com',
        null,
        'fin-ws-014.corp.example',
        'domain:ksn-file-geo.kaspersky-labs.com',
      ],
    ],
  },
  {
    file: 'network/pihole.log',
    format: 'dnsmasq-log',
    records: 7,
    errors: [],
    observations: [
      [
        'line 1',
        'domain',
        'dnl-07.geo.kaspersky.com',
        null,
        '192.168.1.23',
        'domain:dnl-07.geo.kaspersky.com',
      ],
      ['line 4', 'domain', 'www.msftconnecttest.com', null, '192.168.1.40', 'domain:www.msftconnecttest.com'],
      [
        'line 6',
        'domain',
        'activation-v2.kaspersky.com',
        null,
        '192.168.1.23',
        'domain:activation-v2.kaspersky.com',
      ],
    ],
  },
  {
    file: 'network/query-syslog.log',
    format: 'bind-query',
    records: 2,
    errors: [],
    observations: [
      ['line 1', 'domain', 'upd.kaspersky.com', null, '10.20.4.17', 'domain:upd.kaspersky.com'],
      ['line 2', 'domain', 'www.msftconnecttest.com', null, '10.20.6.101', 'domain:www.msftconnecttest.com'],
    ],
  },
  {
    file: 'network/query.log',
    format: 'bind-query',
    records: 4,
    errors: [],
    observations: [
      ['line 1', 'domain', 'dnl-07.geo.kaspersky.com', null, '10.20.4.17', 'domain:dnl-07.geo.kaspersky.com'],
      [
        'line 2',
        'domain',
        'login.microsoftonline.com',
        null,
        '10.20.6.101',
        'domain:login.microsoftonline.com',
      ],
      [
        'line 4',
        'domain',
        'ksn-file-geo.kaspersky-labs.com',
        null,
        '10.20.9.55',
        'domain:ksn-file-geo.kaspersky-labs.com',
      ],
    ],
  },
  {
    file: 'network/dns-debug.log',
    format: 'windows-dns-debug',
    records: 10,
    errors: ['line 61', 'line 62'],
    observations: [
      [
        'line 31',
        'domain',
        'dnl.11.kaspersky-labs.com',
        null,
        '10.1.2.33',
        'domain:dnl.11.kaspersky-labs.com',
      ],
      [
        'line 34',
        'domain',
        'dnl.11.kaspersky-labs.com',
        null,
        '10.1.2.33',
        'domain:dnl.11.kaspersky-labs.com',
      ],
      ['line 35', 'domain', 'www.msftconnecttest.com', null, '10.1.2.40', 'domain:www.msftconnecttest.com'],
      [
        'line 58',
        'domain',
        'activation-v2.kaspersky.com',
        null,
        'fe80::5d2c:1b7a:9e11:42c8',
        'domain:activation-v2.kaspersky.com',
      ],
      ['line 63', 'domain', 'ksn.nope.kaspersky.com', null, '10.1.2.33', 'domain:ksn.nope.kaspersky.com'],
    ],
  },
  {
    file: 'network/dns-debug-de.log',
    format: 'windows-dns-debug',
    records: 3,
    errors: [],
    observations: [
      ['line 1', 'domain', 'upd.kaspersky.com', null, '10.1.2.33', 'domain:upd.kaspersky.com'],
      [
        'line 2',
        'domain',
        'login.microsoftonline.com',
        null,
        '10.1.2.40',
        'domain:login.microsoftonline.com',
      ],
      ['line 3', 'domain', 'ksn.kaspersky-labs.com', null, '10.1.2.33', 'domain:ksn.kaspersky-labs.com'],
    ],
  },
  {
    file: 'network/dns-debug-utf16.log',
    format: 'windows-dns-debug',
    records: 3,
    errors: [],
    observations: [
      ['line 1', 'domain', 'upd.kaspersky.com', null, '10.1.2.33', 'domain:upd.kaspersky.com'],
      [
        'line 2',
        'domain',
        'login.microsoftonline.com',
        null,
        '10.1.2.40',
        'domain:login.microsoftonline.com',
      ],
      ['line 3', 'domain', 'ksn.kaspersky-labs.com', null, '10.1.2.33', 'domain:ksn.kaspersky-labs.com'],
    ],
  },
  {
    file: 'network/dns-debug-ambiguous.log',
    format: 'windows-dns-debug',
    records: 3,
    errors: [],
    observations: [
      ['line 4', 'domain', 'www.msftconnecttest.com', null, '10.1.2.40', 'domain:www.msftconnecttest.com'],
      ['line 5', 'domain', 'crl.kaspersky.com', null, '10.1.2.33', 'domain:crl.kaspersky.com'],
      ['line 3', 'domain', 'upd.kaspersky.com', null, '10.1.2.33', 'domain:upd.kaspersky.com'],
    ],
  },
  {
    file: 'network/fortigate.log',
    format: 'fortigate-log',
    records: 6,
    errors: ['line 5'],
    observations: [
      ['line 1', 'domain', 'dnl-07.geo.kaspersky.com', null, '10.1.2.33', 'domain:dnl-07.geo.kaspersky.com'],
      ['line 2', 'domain', 'www.msftconnecttest.com', null, '10.1.2.40', 'domain:www.msftconnecttest.com'],
      [
        'line 4',
        'domain',
        'activation-v2.kaspersky.com',
        null,
        '10.1.2.55',
        'domain:activation-v2.kaspersky.com',
      ],
      [
        'line 6',
        'domain',
        'ksn-file-geo.kaspersky-labs.com',
        null,
        '10.1.2.33',
        'domain:ksn-file-geo.kaspersky-labs.com',
      ],
    ],
  },
  {
    file: 'network/panos-url.log',
    format: 'panos-syslog',
    records: 5,
    errors: ['line 4', 'line 5'],
    observations: [
      ['line 1', 'domain', 'upd.kaspersky.com', null, '10.1.2.33', 'domain:upd.kaspersky.com'],
      ['line 3', 'domain', 'www.msftconnecttest.com', null, '10.1.2.40', 'domain:www.msftconnecttest.com'],
    ],
  },
  {
    file: 'network/firewall.cef',
    format: 'cef',
    records: 5,
    errors: ['line 5'],
    observations: [
      ['line 1', 'domain', 'upd.kaspersky.com', null, '10.1.2.33', 'domain:upd.kaspersky.com'],
      ['line 2', 'domain', 'www.msftconnecttest.com', null, '10.1.2.40', 'domain:www.msftconnecttest.com'],
      [
        'line 4',
        'domain',
        'activation-v2.kaspersky.com',
        null,
        'fin-ws-014',
        'domain:activation-v2.kaspersky.com',
      ],
    ],
  },
  {
    file: 'sbom/agent.spdx3.jsonld',
    format: 'spdx3-jsonld',
    records: 3,
    errors: [],
    observations: [
      ['/@graph/3', 'component', 'Example Endpoint Agent', '5.0.2', null, null],
      [
        '/@graph/4',
        'component',
        'Kaspersky Anti-Virus Engine',
        '8.9.4.1210',
        null,
        'cpe:cpe:2.3:a:kaspersky:anti-virus_engine:8.9.4.1210:*:*:*:*:*:*:*',
      ],
      ['/@graph/5', 'component', 'zlib', '1.3.1', null, 'purl:pkg:generic/zlib@1.3.1'],
    ],
  },
  {
    file: 'sbom/appliance.cdx.xml',
    format: 'cyclonedx-xml',
    records: 5,
    errors: ['/bom/components/component[3]'],
    observations: [
      ['/bom/metadata/component', 'component', 'SG-400 firmware', '4.2.0', null, null],
      [
        '/bom/components/component[1]',
        'component',
        'busybox',
        '1.36.1-r29',
        null,
        'purl:pkg:apk/alpine/busybox@1.36.1-r29?arch=x86_64&distro=alpine-3.20.3',
      ],
      ['/bom/components/component[2]', 'component', 'url-filter', '3.1.0', null, null],
      [
        '/bom/components/component[2]/components/component[1]',
        'component',
        'Kaspersky Anti-Virus SDK',
        '8.9.4.1210',
        null,
        'cpe:cpe:2.3:a:kaspersky:anti-virus_sdk:8.9.4.1210:*:*:*:*:*:*:*',
      ],
    ],
  },
  {
    file: 'sbom/gateway.spdx',
    format: 'spdx-tag-value',
    records: 2,
    errors: [],
    observations: [
      [
        'line 14',
        'component',
        'busybox',
        '1.36.1-r29',
        null,
        'cpe:cpe:2.3:a:busybox:busybox:1.36.1-r29:*:*:*:*:*:*:*',
      ],
      [
        'line 29',
        'component',
        'kaspersky-scan-engine',
        '2.1.0.77',
        null,
        'sha256:1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d',
      ],
    ],
  },
  {
    file: 'sbom/gateway.spdx.json',
    format: 'spdx-json',
    records: 3,
    errors: ['/packages/2'],
    observations: [
      [
        '/packages/0',
        'component',
        'openssl',
        '3.0.14-1~deb12u2',
        null,
        'cpe:cpe:2.3:a:openssl:openssl:3.0.14-1\\~deb12u2:*:*:*:*:*:*:*',
      ],
      [
        '/packages/1',
        'component',
        'kav-sdk-engine',
        '8.9.4.1210',
        null,
        'cpe:cpe:2.3:a:kaspersky:anti-virus_sdk:8.9.4.1210:*:*:*:*:*:*:*',
      ],
    ],
  },
  {
    file: 'sbom/image.syft.json',
    format: 'syft-json',
    records: 3,
    errors: ['/artifacts/2'],
    observations: [
      [
        '/artifacts/0',
        'component',
        'kesl',
        '12.1.0-1297',
        null,
        'purl:pkg:deb/debian/kesl@12.1.0-1297?arch=amd64&distro=debian-12',
      ],
      [
        '/artifacts/1',
        'component',
        'zlib1g',
        '1:1.2.13.dfsg-1',
        null,
        'purl:pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12',
      ],
    ],
  },
  {
    file: 'windows/driverquery.csv',
    format: 'driverquery-csv',
    records: 3,
    errors: [],
    observations: [
      ['line 2', 'driver', 'Microsoft ACPI Driver', null, null, 'driver:ACPI'],
      ['line 3', 'driver', 'Kaspersky Lab KLIF', null, null, 'driver:klif'],
      ['line 4', 'driver', 'Kaspersky Lab KNEPS', null, null, 'driver:kneps'],
    ],
  },
  {
    file: 'windows/get-service.csv',
    format: 'powershell-csv',
    records: 3,
    errors: [],
    observations: [
      ['line 3', 'service', 'Kaspersky Endpoint Security Service', null, null, 'service:AVP'],
      ['line 4', 'service', 'Kaspersky Security Center Network Agent', null, null, 'service:klnagent'],
      ['line 5', 'service', 'Print Spooler', null, null, 'service:Spooler'],
    ],
  },
  {
    file: 'windows/tasklist.csv',
    format: 'tasklist-csv',
    records: 5,
    errors: [],
    observations: [
      ['line 2', 'process', 'System Idle Process', null, null, 'process:System Idle Process'],
      ['line 3', 'process', 'svchost.exe', null, null, 'process:svchost.exe'],
      ['line 4', 'process', 'avp.exe', null, null, 'process:avp.exe'],
      ['line 5', 'process', 'avpui.exe', null, null, 'process:avpui.exe'],
      ['line 6', 'process', 'explorer.exe', null, null, 'process:explorer.exe'],
    ],
  },
  {
    file: 'windows/uninstall-ps51.json',
    format: 'powershell-json',
    records: 3,
    errors: [],
    observations: [
      [
        '/0',
        'program',
        'Kaspersky Endpoint Security for Windows',
        '12.6.0.438',
        null,
        'product-code:{2F8E3C6A-7B1D-4E5F-9A0B-1C2D3E4F5A6B}',
      ],
      ['/1', 'program', 'Notepad++ (64-bit x64)', '8.7', null, null],
    ],
  },
  {
    file: 'windows/uninstall.reg',
    format: 'reg-export',
    records: 7,
    errors: ['line 52'],
    observations: [
      [
        'line 5',
        'program',
        'Office 16 Click-to-Run Extensibility Component',
        '16.0.17928.20156',
        null,
        'product-code:{90160000-008C-0000-1000-0000000FF1CE}',
      ],
      ['line 12', 'program', '7-Zip 24.08 (x64)', '24.08', null, null],
      [
        'line 21',
        'program',
        'Kaspersky Endpoint Security for Windows',
        '12.6.0.438',
        null,
        'product-code:{2F8E3C6A-7B1D-4E5F-9A0B-1C2D3E4F5A6B}',
      ],
      ['line 45', 'program', 'Kaspersky VPN Secure Connection', '21.19.7.527', null, null],
      ['line 56', 'driver', 'Kaspersky Lab KLIF', null, null, 'driver:klif'],
      ['line 66', 'service', 'Spooler', null, null, 'service:Spooler'],
    ],
  },
  {
    file: 'windows/winget-export.json',
    format: 'winget-export',
    records: 5,
    errors: ['/Sources/0/Packages/3'],
    observations: [
      ['/Sources/0/Packages/0', 'program', '7zip.7zip', '24.08', null, 'winget-id:7zip.7zip'],
      [
        '/Sources/0/Packages/1',
        'program',
        'Kaspersky.KasperskyFree',
        '21.19.7.527',
        null,
        'winget-id:Kaspersky.KasperskyFree',
      ],
      ['/Sources/0/Packages/2', 'program', 'Mozilla.Firefox', '131.0', null, 'winget-id:Mozilla.Firefox'],
      ['/Sources/1/Packages/0', 'program', '9NBLGGH4NNS1', null, null, 'winget-id:9NBLGGH4NNS1'],
    ],
  },
  {
    file: 'windows/winget-list.txt',
    format: 'winget-list',
    records: 5,
    errors: [],
    observations: [
      ['line 5', 'program', '7-Zip 24.08 (x64)', '24.08', null, 'winget-id:7zip.7zip'],
      [
        'line 6',
        'program',
        'Kaspersky Endpoint Security for Windows',
        '12.6.0.438',
        null,
        'product-code:{2F8E3C6A-7B1D-4E5F-9A0B-1C2D3E4F5A6B}',
      ],
      ['line 7', 'program', 'Kaspersky', '21.19.7.527', null, 'winget-id:Kaspersky.KasperskyFree'],
      ['line 8', 'program', 'Microsoft Edge', '129.0.2792.65', null, 'winget-id:Microsoft.Edge'],
      [
        'line 9',
        'program',
        'Microsoft Visual C++ 2015-2022 Redistri',
        '14.40.33810.0',
        null,
        'winget-id:Microsoft.VCRedist.2015+.x64',
      ],
    ],
  },
  {
    file: 'xlsx/defender-software-inventory.xlsx',
    format: 'xlsx-inventory',
    records: 4,
    errors: ['sheet Software inventory row 7'],
    observations: [
      ['sheet Software inventory row 4', 'program', 'endpoint_security', '12.6.0.438', null, null],
      ['sheet Software inventory row 5', 'program', 'chrome', '129.0.6668.90', null, null],
      ['sheet Software inventory row 6', 'program', 'security_cloud', null, null, null],
    ],
  },
];

function summarise(o: Awaited<ReturnType<typeof readFixture>>['observations'][number]): Row {
  const row: Row = [
    o.origin.locator,
    o.kind,
    o.name,
    o.version ?? null,
    o.host ?? null,
    o.ids?.[0] ? `${o.ids[0].kind}:${o.ids[0].value}` : null,
  ];
  if (o.removed) row.push(true);
  return row;
}

describe('file formats read their real-shaped fixtures', () => {
  it.each(CASES.map((c) => [c.file, c] as const))('%s', async (_file, c) => {
    const format = INPUT_FORMATS.find((f) => f.id === c.format)!;
    const { observations, ctx } = await readFixture(format, c.file);
    expect(observations.map(summarise)).toEqual(c.observations);
    expect(ctx.errors.map((e) => e.locator)).toEqual(c.errors);
    expect(ctx.records).toBe(c.records);
    for (const o of observations) {
      expect(o.origin.format).toBe(c.format);
      expect(o.origin.source).toMatch(/^test\/fixtures\/inputs\//);
    }
  });

  it('detects every fixture as its own format by content, whatever its name', async () => {
    for (const c of CASES) {
      const sample = await readSample(await openFileSource(FIXTURES + c.file));
      const resolved = resolveFormat({ ...sample, name: 'renamed.dat' });
      expect([c.file, resolved.format.id, resolved.by]).toEqual([c.file, c.format, 'content']);
    }
  });

  it('reads the same bytes from stdin-like one-shot sources', async () => {
    for (const c of CASES.filter((x) => !x.file.endsWith('.reg'))) {
      const format = INPUT_FORMATS.find((f) => f.id === c.format)!;
      const bytes = readFileSync(FIXTURES + c.file);
      const ctx = createTestContext();
      const observations = await collect(format.read(createBufferSource('-', bytes), ctx));
      expect([c.file, observations.length]).toEqual([c.file, c.observations.length]);
    }
  });

  it('covers every fixture directory of these formats', () => {
    const dirs = [
      'network',
      'sbom',
      'windows',
      'macos',
      'linux-files',
      'android',
      'fleet',
      'defender',
      'xlsx',
    ];
    const files = dirs.flatMap((d) => readdirSync(FIXTURES + d).map((f) => `${d}/${f}`));
    expect(CASES.map((c) => c.file).sort()).toEqual(files.sort());
  });
});
