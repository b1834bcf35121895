import { createCsvTableFormat } from './csv-table.js';
import { detectPowerShellShape, mapPowerShellObject } from './powershell-objects.js';
/**
 * `… | Export-Csv` of the same commands as powershell-json (Uninstall keys, Get-Service,
 * Get-CimInstance services and drivers, Get-Process, Get-AppxPackage), with or without
 * Windows PowerShell's `#TYPE` first line.
 */
export const powershellCsv = createCsvTableFormat({
    id: 'powershell-csv',
    description: 'PowerShell Export-Csv of Uninstall keys, services, drivers, processes, Appx',
    producedBy: 'Get-ItemProperty HKLM:\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\* | Export-Csv uninstall.csv -NoTypeInformation',
    matchHeader(folded) {
        const shape = detectPowerShellShape(folded);
        // Get-Process has generic column names: leave ordinary CSVs to the generic reader.
        if (!shape || shape === 'authenticode')
            return 0;
        return shape === 'process' ? (folded.includes('processname') ? 0.7 : 0) : 0.92;
    },
    map(row, header) {
        return mapPowerShellObject(detectPowerShellShape(header), row);
    },
});
