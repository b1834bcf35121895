// Realistic Windows "programs" rows for generated benchmarks (osquery programs table columns).
const row = (name, version, publisher, install_location, identifying_number) => ({
  name,
  version,
  install_location,
  install_source: '',
  language: '1033',
  publisher,
  uninstall_string: `MsiExec.exe /X${identifying_number}`,
  install_date: '20260914',
  identifying_number,
});

export const ordinaryPrograms = [
  row('Google Chrome', '131.0.6778.86', 'Google LLC', 'C:\\Program Files\\Google\\Chrome\\Application', '{6B5F6D3F-7A1C-3E2B-9C1A-2C1F9E8D7A11}'),
  row('Mozilla Firefox (x64 en-US)', '133.0.3', 'Mozilla', 'C:\\Program Files\\Mozilla Firefox', ''),
  row('Microsoft Edge', '131.0.2903.70', 'Microsoft Corporation', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application', ''),
  row('Microsoft 365 Apps for enterprise - en-us', '16.0.18129.20158', 'Microsoft Corporation', 'C:\\Program Files\\Microsoft Office', ''),
  row('7-Zip 24.08 (x64)', '24.08', 'Igor Pavlov', 'C:\\Program Files\\7-Zip\\', ''),
  row('Adobe Acrobat (64-bit)', '24.004.20272', 'Adobe', 'C:\\Program Files\\Adobe\\Acrobat DC\\', '{AC76BA86-1033-1033-7760-BC15014EA700}'),
  row('Zoom Workplace (64-bit)', '6.2.11', 'Zoom Video Communications, Inc.', '', '{43FE8A1B-5A1C-4A2E-8E58-1F1B5A0E2C3D}'),
  row('ESET Endpoint Antivirus', '11.1.2039.2', 'ESET, spol. s r.o.', 'C:\\Program Files\\ESET\\ESET Security\\', '{5849E802-BF8B-4AE5-997E-D4CACBDC5FE7}'),
  row('Bitdefender Endpoint Security Tools', '7.9.17.453', 'Bitdefender', 'C:\\Program Files\\Bitdefender\\Endpoint Security\\', ''),
  row('Sophos Endpoint Agent', '2024.2.1.1', 'Sophos Limited', 'C:\\Program Files\\Sophos\\', ''),
  row('Notepad++ (64-bit x64)', '8.6.9', 'Notepad++ Team', 'C:\\Program Files\\Notepad++', ''),
  row('Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.40.33810', '14.40.33810.0', 'Microsoft Corporation', '', '{5AF95FD8-A22E-458F-ACEE-C61BD787178E}'),
  row('Git', '2.47.1', 'The Git Development Community', 'C:\\Program Files\\Git\\', ''),
  row('Python 3.12.7 (64-bit)', '3.12.7150.0', 'Python Software Foundation', '', '{1A5D3C3B-1E4F-4F8B-9E9C-2B0A9D6E3F12}'),
  row('VLC media player', '3.0.21', 'VideoLAN', 'C:\\Program Files\\VideoLAN\\VLC', ''),
  row('Slack (Machine - MSI)', '4.41.97', 'Slack Technologies Inc.', '', '{9A3B2D6C-7E1F-4B8A-A5C2-6D0E1F2A3B4C}'),
  row('CrowdStrike Windows Sensor', '7.18.18710.0', 'CrowdStrike, Inc.', '', '{0A3E2F1B-9C8D-4E7F-A6B5-C4D3E2F1A0B9}'),
  row('Trend Micro Apex One Security Agent', '14.0.12980', 'Trend Micro Inc.', 'C:\\Program Files (x86)\\Trend Micro\\Security Agent\\', ''),
  row('Malwarebytes version 5.2.3.104', '5.2.3.104', 'Malwarebytes', 'C:\\Program Files\\Malwarebytes\\Anti-Malware\\', ''),
  row('Dell Command | Update for Windows Universal', '5.4.0', 'Dell Inc.', '', '{E40C2C63-2D1D-4A4F-9D0E-7C8B9A6F5E4D}'),
];

export const plantedPrograms = [
  row('Kaspersky Endpoint Security for Windows', '12.6.0.438', 'AO Kaspersky Lab', 'C:\\Program Files (x86)\\Kaspersky Lab\\KES.12.6.0\\', '{9A017278-F7F4-4DF9-A482-0B97B70DD7ED}'),
  row('Kaspersky Security Center Network Agent', '14.2.0.26967', 'AO Kaspersky Lab', 'C:\\Program Files (x86)\\Kaspersky Lab\\NetworkAgent\\', ''),
  row('Kaspersky Total Security', '21.3.10.391', 'Kaspersky', 'C:\\Program Files (x86)\\Kaspersky Lab\\Kaspersky Total Security 21.3\\', ''),
];
