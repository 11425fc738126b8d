import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';

export function myWorkPages(services: Services) {
  void services;
  return async (app: FastifyInstance): Promise<void> => {
    void app;
  };
}
