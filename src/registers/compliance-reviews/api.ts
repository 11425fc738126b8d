import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services.ts';

export function complianceReviewsApi(services: Services): FastifyPluginAsyncTypebox {
  void services;
  return async () => {};
}
