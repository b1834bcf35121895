import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import type { AuditVerifyFlags } from './admin-audit-action.js';

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

/**
 * `interdict admin user|token|tenant|enroll-secret create`, `admin audit verify`, `admin migrate`:
 * automation from the shell, straight on the store.
 */
export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  const admin = program
    .command('admin')
    .description('create tenants, users and API tokens, migrate, verify the audit log');
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
  const audit = admin.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description('recompute the audit hash chain; exit 1 naming the first missing or changed entry')
    .option('--anchor <seq:hash>', 'a head printed by an earlier verify and kept outside the database')
    .option('--json', 'print the result as JSON')
    .option(...dbOption)
    .action(async (flags: AuditVerifyFlags) => {
      const { runAuditVerify } = await import('./admin-audit-action.js');
      done(await runAuditVerify(flags, io));
    });
  admin
    .command('migrate')
    .description('apply database migrations (run as the owner role; the server may then run as another)')
    .option(
      '--app-role <role>',
      'PostgreSQL: grant this role what the server needs, audit tables append-only',
    )
    .option(...dbOption)
    .action(async (flags: { db: string; appRole?: string }) => {
      const { runMigrate } = await import('./admin-audit-action.js');
      done(await runMigrate(flags, io));
    });
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
