import type { Command } from 'commander';
import type { CliIO } from '../io.js';

export interface AdminFlags {
  db: string;
  name?: string;
  role?: string;
  tenant: string;
  slug?: string;
  profile?: string;
  passwordStdin?: boolean;
  bulkImport?: boolean;
  user?: string;
}

/** `interdict admin user|token|tenant|enroll-secret create`: automation from the shell, straight on the store. */
export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  const admin = program.command('admin').description('create tenants, users and API tokens from the shell');
  const dbOption = ['--db <url>', 'sqlite:FILE or postgres://…', 'sqlite:interdict.db'] as const;
  const run = (what: 'user' | 'token' | 'tenant' | 'enroll-secret') => async (flags: AdminFlags) => {
    const { runAdmin } = await import('./admin-action.js');
    done(await runAdmin(what, flags, io));
  };
  admin
    .command('token')
    .description('API tokens')
    .command('create')
    .description('create an API token and print it on stdout (shown only once)')
    .requiredOption('--name <name>', 'what the token is for, e.g. agents-eu')
    .requiredOption(
      '--role <role>',
      'viewer, analyst, approver or admin; agent (reads nothing) with --bulk-import',
    )
    .option('--bulk-import', 'may upload inventories for any named host (each upload audited)')
    .option('--user <name>', 'the person the token belongs to (needed to request or decide waivers)')
    .option('--tenant <slug>', 'tenant (organisation)', 'default')
    .option(...dbOption)
    .action(run('token'));
  admin
    .command('enroll-secret')
    .description('secrets with which hosts enrol (interdict agent --enroll-secret)')
    .command('create')
    .description('create an enrolment secret and print it on stdout (shown only once)')
    .requiredOption('--name <name>', 'what it is for, e.g. laptops-eu')
    .option('--tenant <slug>', 'tenant (organisation)', 'default')
    .option(...dbOption)
    .action(run('enroll-secret'));
  admin
    .command('user')
    .description('people who log in')
    .command('create')
    .description('create a user; the password is read from stdin (one line)')
    .requiredOption('--name <name>', 'login name')
    .requiredOption('--role <role>', 'viewer, analyst, approver or admin')
    .option('--tenant <slug>', 'tenant (organisation)', 'default')
    .option(...dbOption)
    .action(run('user'));
  admin
    .command('tenant')
    .description('organisations, isolated from each other')
    .command('create')
    .description('create a tenant')
    .requiredOption('--slug <slug>', 'short id, e.g. acme')
    .option('--name <name>', 'display name')
    .option('--profile <profile>', 'whom the rulings bind: us-person, federal-contractor, federal-agency')
    .option('--tenant <slug>', 'unused', 'default')
    .option(...dbOption)
    .action(run('tenant'));
}
