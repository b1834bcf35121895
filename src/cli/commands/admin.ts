import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import type { AuditVerifyFlags } from './admin-audit-action.js';
import type { ManageAction, ManageFlags } from './admin-manage-action.js';
import type { WebhookCommand, WebhookFlags } from './admin-webhook-action.js';

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
  expiresIn?: string;
  expiresAt?: string;
}

/**
 * `interdict admin user|token|tenant|enroll-secret create`, `admin token list|revoke|expire`,
 * `admin user list|disable|enable|set-role`, `admin audit verify`, `admin migrate`: automation
 * from the shell, straight on the store.
 */
export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  const admin = program
    .command('admin')
    .description('manage tenants, users and API tokens, migrate, verify the audit log');
  const dbOption = ['--db <url>', 'sqlite:FILE or postgres://…', 'sqlite:interdict.db'] as const;
  const run = (what: 'user' | 'token' | 'tenant' | 'enroll-secret') => async (flags: AdminFlags) => {
    const { runAdmin } = await import('./admin-action.js');
    done(await runAdmin(what, flags, io));
  };
  const token = admin.command('token').description('API tokens');
  token
    .command('create')
    .description('create an API token and print it on stdout (shown only once)')
    .requiredOption('--name <name>', 'what the token is for, e.g. agents-eu')
    .requiredOption(
      '--role <role>',
      'viewer, analyst, approver or admin; agent (reads nothing) with --bulk-import',
    )
    .option('--bulk-import', 'may upload inventories for any named host (each upload audited)')
    .option('--user <name>', 'the person the token belongs to (needed to request or decide waivers)')
    .option('--expires-in <duration>', 'refused after this long: 30m, 12h, 90d, 2w')
    .option('--expires-at <date>', 'refused from this date (00:00 UTC) or ISO time on, e.g. 2027-03-01')
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
  registerManage(token, admin, dbOption, done, io);
  registerWebhook(admin, io, done, dbOption);
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

/** Listing and changing tokens and users; `--tenant` scopes every one, as the API scopes to the caller's. */
function registerManage(
  token: Command,
  admin: Command,
  dbOption: readonly [string, string, string],
  done: (code: number) => void,
  io: CliIO,
): void {
  const manage = (cmd: Command, description: string, toAction: (...args: string[]) => ManageAction) =>
    cmd
      .description(description)
      .option('--json', 'print JSON instead of text')
      .option('--tenant <slug>', 'tenant (organisation)', 'default')
      .option(...dbOption)
      .action(async (...args: unknown[]) => {
        const flags = args.at(-2) as ManageFlags;
        const { runManage } = await import('./admin-manage-action.js');
        done(await runManage(toAction(...(args.slice(0, -2) as string[])), flags, io));
      });
  manage(
    token.command('list').option('--all', 'also revoked and expired tokens'),
    'list the tenant’s API tokens: owner, created, last used, expiry, state',
    () => ({ what: 'token-list' }),
  );
  manage(token.command('revoke <id>'), 'revoke a token at once', (id) => ({ what: 'token-revoke', id: id! }));
  manage(
    token.command('expire <id>').option('--at <date>', 'a later date or ISO time instead of now'),
    'end a token now, or set when it ends',
    (id) => ({ what: 'token-expire', id: id! }),
  );
  const user = admin.commands.find((c) => c.name() === 'user')!;
  manage(user.command('list'), 'list the tenant’s users with role and state', () => ({ what: 'user-list' }));
  manage(
    user.command('disable <name>'),
    'disable a user: sessions end, their tokens are refused',
    (name) => ({
      what: 'user-disable',
      name: name!,
    }),
  );
  manage(user.command('enable <name>'), 'enable a disabled user again', (name) => ({
    what: 'user-enable',
    name: name!,
  }));
  manage(
    user.command('set-role <name> <role>'),
    'change a user’s role (their tokens work with at most this role)',
    (name, role) => ({ what: 'user-set-role', name: name!, role: role! }),
  );
}

/** `admin webhook add|list|remove|test`: notifications of the tenant (see README "Notifications"). */
function registerWebhook(
  admin: Command,
  io: CliIO,
  done: (code: number) => void,
  dbOption: readonly [string, string, string],
): void {
  const run =
    (what: WebhookCommand) =>
    async (...args: unknown[]) => {
      const { runWebhook } = await import('./admin-webhook-action.js');
      const id = typeof args[0] === 'string' ? args[0] : undefined;
      const flags = (id === undefined ? args[0] : args[1]) as WebhookFlags;
      done(await runWebhook(what, flags, id, io));
    };
  const webhook = admin
    .command('webhook')
    .description('notifications: webhooks on new findings and phase dates');
  webhook
    .command('add')
    .description('add a webhook; prints its id (and, with --secret, the signing secret, shown only once)')
    .requiredOption('--url <url>', 'http:// or https:// URL the events are POSTed to')
    .option('--format <format>', 'json (documented schema) or slack (incoming-webhook body)', 'json')
    .option(
      '--min-severity <severity>',
      'new findings at or above: critical, high, medium, low, info',
      'high',
    )
    .option('--days-before <days>', 'remind this many days before a phase date ("" for none)', '30,7,1')
    .option('--secret', 'sign bodies (X-Interdict-Signature) with a new secret')
    .option('--tenant <slug>', 'tenant (organisation)', 'default')
    .option(...dbOption)
    .action(run('add'));
  webhook
    .command('list')
    .description('webhooks of the tenant and their latest deliveries')
    .option('--json', 'print as JSON')
    .option('--tenant <slug>', 'tenant (organisation)', 'default')
    .option(...dbOption)
    .action(run('list'));
  webhook
    .command('remove <id>')
    .description('remove a webhook and its pending deliveries')
    .option('--tenant <slug>', 'tenant (organisation)', 'default')
    .option(...dbOption)
    .action(run('remove'));
  webhook
    .command('test <id>')
    .description('send a test event now; exit 0 when the receiver accepted it')
    .option('--public-url <url>', 'dashboard link in the test event', 'http://localhost:8080')
    .option('--tenant <slug>', 'tenant (organisation)', 'default')
    .option(...dbOption)
    .action(run('test'));
}
