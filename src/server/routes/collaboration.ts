import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../auth/middleware.js';
import { commentRoutes } from './comments.js';
import { waiverRoutes } from './waivers.js';

/** Waivers (requested and decided by different people) and comments on findings and waivers. */
export const collaborationRoutes = new OpenAPIHono<AppEnv>();
collaborationRoutes.route('/', waiverRoutes);
collaborationRoutes.route('/', commentRoutes);
