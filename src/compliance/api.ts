// The compliance API: findings, the report, runs.
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../services.ts';

export const complianceApi =
  (_services: Services): FastifyPluginAsync =>
  async () => {};
