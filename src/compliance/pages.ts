// The report of unmet requirements with no accepted risk, findings and responses to them.
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../services.ts';

export const compliancePages =
  (_services: Services): FastifyPluginAsync =>
  async () => {};
