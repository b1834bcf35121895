/**
 * The PowerShell the Windows collector runs, one script per source. Each prints one compressed
 * JSON document `{"items":[…],"errors":[…]}` in UTF-8: the objects, and every non-terminating
 * error (access denied on a user's hive, a WMI failure) with its target, so that what could not
 * be read is reported rather than lost.
 */
const PRELUDE = [
  '[Console]::OutputEncoding = [System.Text.Encoding]::UTF8',
  "$ProgressPreference = 'SilentlyContinue'",
  "$ErrorActionPreference = 'Continue'",
  '$errs = @()',
  'function Write-Envelope($items) {',
  '  $list = @($items | Where-Object { $null -ne $_ })',
  // A key or file that does not exist is nothing installed, not something left unread.
  "  $failed = @($errs | Where-Object { $null -ne $_ -and $_.CategoryInfo.Category -ne 'ObjectNotFound' } | ForEach-Object {",
  '    [pscustomobject]@{ target = [string]$_.TargetObject; message = [string]$_.Exception.Message } })',
  '  [pscustomobject]@{ items = $list; errors = $failed } | ConvertTo-Json -Depth 4 -Compress',
  '}',
].join('\n');

const UNINSTALL = 'Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall';

export const WINDOWS_SOURCES = ['uninstall', 'services', 'drivers', 'processes', 'signers'] as const;
export type WindowsSource = (typeof WINDOWS_SOURCES)[number];

const BODIES: Record<Exclude<WindowsSource, 'signers'>, string> = {
  // 64-bit and 32-bit (WOW6432Node) machine-wide installs, and every loaded user hive.
  uninstall: [
    `$keys = @('HKLM:\\${UNINSTALL}', 'HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall')`,
    "Get-ChildItem -Path 'Registry::HKEY_USERS' -ErrorAction SilentlyContinue -ErrorVariable +errs |",
    "  Where-Object { $_.PSChildName -notlike '*_Classes' } |",
    `  ForEach-Object { $keys += "Registry::HKEY_USERS\\$($_.PSChildName)\\${UNINSTALL}" }`,
    '$items = foreach ($key in $keys) {',
    // No Test-Path first: it answers false for a hive it may not open, which would hide the denial.
    '  Get-ChildItem -LiteralPath $key -ErrorAction SilentlyContinue -ErrorVariable +errs |',
    '    ForEach-Object { Get-ItemProperty -LiteralPath $_.PSPath -ErrorAction SilentlyContinue -ErrorVariable +errs } |',
    '    Select-Object PSPath, PSChildName, DisplayName, DisplayVersion, Publisher, InstallLocation, UninstallString, InstallDate, SystemComponent',
    '}',
    'Write-Envelope $items',
  ].join('\n'),
  services: [
    '$items = Get-CimInstance -ClassName Win32_Service -ErrorAction SilentlyContinue -ErrorVariable +errs |',
    '  Select-Object Name, DisplayName, PathName, State, StartMode, StartName, ServiceType, ProcessId',
    'Write-Envelope $items',
  ].join('\n'),
  drivers: [
    '$items = Get-CimInstance -ClassName Win32_SystemDriver -ErrorAction SilentlyContinue -ErrorVariable +errs |',
    '  Select-Object Name, DisplayName, PathName, State, StartMode, ServiceType, CreationClassName',
    'Write-Envelope $items',
  ].join('\n'),
  // Path, Company and Product of other users' processes need an elevated shell.
  processes: [
    '$items = Get-Process -ErrorAction SilentlyContinue -ErrorVariable +errs |',
    '  Select-Object Name, Id, Path, Company, Product, ProductVersion',
    'Write-Envelope $items',
  ].join('\n'),
};

/** The script that lists one source. */
export function createSourceScript(source: Exclude<WindowsSource, 'signers'>): string {
  return `${PRELUDE}\n${BODIES[source]}`;
}

/**
 * The script that reads the Authenticode signature of each path (environment variables such as
 * %SystemRoot% expanded by PowerShell); `Key` echoes the path as given, to join results back.
 */
export function createSignerScript(paths: readonly string[]): string {
  const list = paths.map((p) => `'${p.replaceAll("'", "''")}'`).join(',');
  return [
    PRELUDE,
    `$paths = @(${list})`,
    '$items = foreach ($key in $paths) {',
    '  $file = [Environment]::ExpandEnvironmentVariables($key)',
    '  if (-not (Test-Path -LiteralPath $file -PathType Leaf)) { [pscustomobject]@{ Key = $key; Path = $file; Missing = $true }; continue }',
    '  $s = Get-AuthenticodeSignature -LiteralPath $file -ErrorAction SilentlyContinue -ErrorVariable +errs',
    '  if ($s) {',
    '    $cert = $null',
    '    if ($s.SignerCertificate) { $cert = [pscustomobject]@{ Subject = $s.SignerCertificate.Subject; Issuer = $s.SignerCertificate.Issuer; Thumbprint = $s.SignerCertificate.Thumbprint } }',
    '    [pscustomobject]@{ Key = $key; Path = $file; Status = [string]$s.Status; SignerCertificate = $cert }',
    '  }',
    '}',
    'Write-Envelope $items',
  ].join('\n');
}

/**
 * powershell.exe arguments for a script. -EncodedCommand (UTF-16LE, base64) rather than
 * -Command: no quoting of paths with spaces, quotes or `$` can break through the Windows
 * command line.
 */
export function toPowerShellArgs(script: string): string[] {
  return [
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-EncodedCommand',
    Buffer.from(script, 'utf16le').toString('base64'),
  ];
}
