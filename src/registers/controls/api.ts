// Stub: the helper building this register replaces this file.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services.ts';

export const controlsApi =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    void services;
    void app;
  };
