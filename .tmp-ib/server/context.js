export const DEFAULT_CONFIG = {
    bodyLimit: 64 * 1024 * 1024,
    maxObservations: 500_000,
    postInterval: 300,
    secureCookies: true,
    sessionTtl: 12 * 3600,
    instance: 'serve',
    publicUrl: 'http://localhost:8080',
    backgroundJobs: true,
};
