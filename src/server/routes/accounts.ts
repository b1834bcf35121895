import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../auth/middleware.js';
import { auditRoutes } from './audit.js';
import { sessionRoutes } from './session.js';
import { tokenRoutes } from './tokens.js';
import { userRoutes } from './users.js';

/** Everything about who may do what: sessions, users, API tokens, and the audit log that records it. */
export const accountRoutes = new OpenAPIHono<AppEnv>();
accountRoutes.route('/', sessionRoutes);
accountRoutes.route('/', userRoutes);
accountRoutes.route('/', tokenRoutes);
accountRoutes.route('/', auditRoutes);
