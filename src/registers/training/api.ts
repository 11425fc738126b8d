// The training JSON API: the course catalogue, a person's status per required course, and completion by unit.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';

const TAGS = ['Training'];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export function trainingApi(services: Services): FastifyPluginAsyncTypebox {
  const training = services.training;
  return async (app) => {
    app.get('/training/courses', { config: { access: 'training.view-own' }, schema: { tags: TAGS, summary: 'The course catalogue' } }, async (request) => ({ courses: await training.courses(request.actor) }));

    app.get('/training/people/:id', { config: { access: 'training.view-own' }, schema: { tags: TAGS, summary: 'A person’s status per required course: their own, their reports’, or in units the caller oversees', params: IdParams } }, async (request) => {
      const detail = await training.personTraining(request.actor, request.params.id);
      return {
        person: { id: detail.person.id, displayName: detail.person.displayName, email: detail.person.email, staffNumber: detail.person.staffNumber },
        courses: detail.courses.map((c) => ({ course: c.course.code, status: c.status, lastCompletedOn: c.lastCompletedOn, expiresOn: c.expiresOn })),
        history: detail.history,
      };
    });

    app.get('/training/completion', { config: { access: 'training.read' }, schema: { tags: TAGS, summary: 'Completion by unit and by agency, across the caller’s units' } }, async (request) => training.completion(request.actor));
  };
}
