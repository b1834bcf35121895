export const REPORT_SCHEMA = 'interdict/report@1';
