import { AccountError, createTenant, createToken, createUser, ensureTenant } from '../../server/accounts.js';
import { openStore } from '../../server/db/dialect.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { UsageError } from '../io.js';
async function readPassword(io) {
    let text = '';
    for await (const chunk of io.stdin) {
        text += chunk.toString();
        if (text.includes('\n'))
            break;
    }
    return text.split(/\r?\n/)[0] ?? '';
}
export async function runAdmin(what, flags, io) {
    const store = await openStore(flags.db);
    try {
        await migrateToLatest(store);
        const actor = 'shell:admin';
        if (what === 'tenant') {
            await createTenant(store.db, {
                slug: flags.slug,
                name: flags.name,
                profile: flags.profile,
                actor,
            });
            io.stdout.write(`${flags.slug}\n`);
            return 0;
        }
        const tenantId = await ensureTenant(store.db, flags.tenant, actor);
        if (what === 'token') {
            const { token } = await createToken(store.db, {
                tenantId,
                name: flags.name,
                role: flags.role,
                actor,
            });
            io.stdout.write(`${token}\n`);
            return 0;
        }
        const password = await readPassword(io);
        await createUser(store.db, { tenantId, name: flags.name, role: flags.role, password, actor });
        io.stdout.write(`${flags.name}\n`);
        return 0;
    }
    catch (error) {
        if (error instanceof AccountError)
            throw new UsageError(error.message);
        throw error;
    }
    finally {
        await store.close();
    }
}
