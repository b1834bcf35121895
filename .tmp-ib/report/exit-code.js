import { isAtOrAbove } from '../core/status.js';
export const EXIT_CODE_MEANINGS = {
    0: 'no finding at or above the threshold, every input read',
    1: 'findings at or above the threshold',
    2: 'nothing could be read',
    3: 'no finding at or above the threshold, but some input or record could not be read',
};
/**
 * The exit code the design gives a report for a `--fail-on` threshold.
 * @example computeExitCode(report, 'high') // 1 when anything is critical or high
 */
export function computeExitCode(report, failOn = 'high') {
    // Files a directory walk skipped (not a format we read) are neither read nor failed.
    const attempted = report.inputs.filter((i) => i.skipped === undefined);
    if (attempted.length > 0 && attempted.every((i) => i.failed))
        return 2;
    if (failOn !== 'never' && report.findings.some((f) => isAtOrAbove(f.severity, failOn)))
        return 1;
    const unreadable = report.errors.length > 0 || report.inputs.some((i) => i.failed === true || i.errors.length > 0);
    return unreadable ? 3 : 0;
}
