// The acknowledgement API: what the caller still has to acknowledge, acknowledging as the caller,
// coverage of a document and who it asks.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { DocumentParams, Nullable, TAGS } from './schema.ts';

const AudienceSchema = Type.Object({ audience: Nullable(Type.String()), unitId: Nullable(Type.String()), roleCode: Nullable(Type.String()) });

export const acknowledgementsApi =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/me/acknowledgements',
      {
        config: { access: 'documents.read' },
        schema: {
          tags: TAGS,
          summary: 'The documents the caller still has to read and acknowledge',
          response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), tier: Type.Integer(), version: Type.Integer(), publishedAt: Type.String({ format: 'date-time' }) })) }) },
        },
      },
      async (request) => ({ items: (await services.acknowledgements.toAcknowledge(request.actor)).map((d) => ({ ...d, publishedAt: d.publishedAt.toISOString() })) }),
    );

    app.post(
      '/documents/:id/acknowledgements',
      {
        config: { access: 'documents.acknowledge' },
        schema: {
          tags: TAGS,
          summary: 'Acknowledge, as the caller, that you have read the latest published version of a document',
          description: '201 when the acknowledgement is recorded; 200 when you had already acknowledged that version.',
          params: DocumentParams,
          response: { '2xx': Type.Object({ version: Type.Integer(), acknowledgedAt: Type.String({ format: 'date-time' }), created: Type.Boolean() }) },
        },
      },
      async (request, reply) => {
        const result = await services.acknowledgements.acknowledge(request.actor, request.params.id, request.id);
        return reply.code(result.created ? 201 : 200).send({ ...result, acknowledgedAt: result.acknowledgedAt.toISOString() });
      },
    );

    app.get(
      '/documents/:id/acknowledgements',
      {
        config: { access: 'documents.coverage' },
        schema: {
          tags: TAGS,
          summary: 'Who in the audience of a document has acknowledged it, by unit and by person',
          params: DocumentParams,
          response: {
            200: Type.Object({
              document: Type.Object({ id: Type.String(), title: Type.String(), tier: Type.Integer() }),
              audienceLabel: Nullable(Type.String()),
              versionToAcknowledge: Nullable(Type.Integer()),
              totals: Type.Object({ people: Type.Integer(), acknowledged: Type.Integer(), outstanding: Type.Integer(), percentage: Type.Integer() }),
              units: Type.Array(Type.Object({ unitId: Nullable(Type.String()), unitCode: Nullable(Type.String()), unitName: Type.String(), people: Type.Integer(), acknowledged: Type.Integer(), outstanding: Type.Integer(), percentage: Type.Integer() })),
              people: Type.Array(
                Type.Object({
                  personId: Type.String(),
                  name: Type.String(),
                  email: Type.String(),
                  unitCode: Nullable(Type.String()),
                  unitName: Nullable(Type.String()),
                  acknowledged: Type.Boolean(),
                  acknowledgedVersion: Nullable(Type.Integer()),
                  acknowledgedAt: Nullable(Type.String({ format: 'date-time' })),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const coverage = await services.acknowledgements.coverage(request.actor, request.params.id);
        return { ...coverage, units: [...coverage.units], people: coverage.people.map((p) => ({ ...p, acknowledgedAt: p.acknowledgedAt?.toISOString() ?? null })) };
      },
    );

    app.put(
      '/documents/:id/audience',
      {
        config: { access: 'documents.manage' },
        schema: {
          tags: TAGS,
          summary: 'Set who must acknowledge a document: everyone in its scope, the people of a unit, the holders of a role, or no one',
          params: DocumentParams,
          body: Type.Object({ audience: Type.Union([Type.Literal(''), Type.Literal('everyone'), Type.Literal('unit'), Type.Literal('role')]), unitId: Type.Optional(Type.String()), roleCode: Type.Optional(Type.String()) }, { additionalProperties: false }),
          response: { 200: AudienceSchema },
        },
      },
      async (request) => services.acknowledgements.setAudience(request.actor, request.params.id, request.body, request.id),
    );
  };
