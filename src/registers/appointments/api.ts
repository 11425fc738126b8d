import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';

const HolderSchema = Type.Object({ personId: Type.Union([Type.String(), Type.Null()]), name: Type.String(), email: Type.Union([Type.String(), Type.Null()]) });

export const appointmentsApi =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/annex-a',
      {
        config: { access: 'organisation.read' },
        schema: {
          tags: ['Organisation'],
          summary: 'Annex A: each body with its own Accounting Officer, its officer and its board member responsible for information security',
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  unit: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), unitType: Type.String() }),
                  accountingOfficers: Type.Array(HolderSchema),
                  securityBoardMembers: Type.Array(HolderSchema),
                  gaps: Type.Array(Type.Object({ kind: Type.String(), message: Type.String() })),
                }),
              ),
            }),
          },
        },
      },
      async (request) => ({
        items: (await services.appointments.annexA(request.actor)).map((row) => ({
          unit: { id: row.unit.id, code: row.unit.code, name: row.unit.name, unitType: row.unit.unitType },
          accountingOfficers: row.accountingOfficers.map(({ personId, name, email }) => ({ personId, name, email })),
          securityBoardMembers: row.securityBoardMembers.map(({ personId, name, email }) => ({ personId, name, email })),
          gaps: row.gaps.map(({ kind, message }) => ({ kind, message })),
        })),
      }),
    );
  };
