// Posture (by unit, requirement, framework, register; trend; as at a past date) and running the rules now.
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../services.ts';

export const posturePages =
  (_services: Services): FastifyPluginAsync =>
  async () => {};
