// Stub: the helper building this register replaces this file.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';

export function technologyServicesPages(services: Services) {
  return async (app: FastifyInstance): Promise<void> => {
    void services;
    void app;
  };
}
