// The supplier assessments JSON API (issue 09): load a questionnaire, start an assessment, read it, record
// answers, link a deviation to a risk, and complete. Links for suppliers are made on the assessment's page,
// where the link is shown once to the person who will send it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { Services } from '../../services.ts';
import type { AssessmentDetail } from './assessments.ts';
import { ANSWERS, ASSESSMENT_STATUSES, DEVIATION_KINDS } from './entity.ts';

const TAGS = ['Supplier assessments'];
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const QuestionnaireBody = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,59}$', description: 'Stable across versions, such as moj-supplier-security' }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    version: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    groups: Type.Array(
      Type.Object(
        {
          title: Type.String({ minLength: 1, maxLength: 200 }),
          questions: Type.Array(
            Type.Object(
              {
                key: Type.String({ minLength: 1, maxLength: 40, description: 'Unique in the questionnaire, such as GOV-01' }),
                text: Type.String({ minLength: 1, maxLength: 2000 }),
                required_answer: Type.Optional(Nullable(literals(['yes', 'no'] as const))),
                weight: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
                guidance: Type.Optional(Type.String({ maxLength: 5000 })),
              },
              { additionalProperties: false },
            ),
            { minItems: 1, maxItems: 500 },
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  { additionalProperties: false, description: 'A questionnaire, as in a questionnaire file (see `custodian questionnaires import`)' },
);
const ImportResult = Type.Object({ id: Type.String(), code: Type.String(), version: Type.String(), groups: Type.Integer(), questions: Type.Integer(), outcome: Type.String({ description: 'created, updated or unchanged' }) });

const StartBody = Type.Object(
  { supplierId: Type.String({ format: 'uuid' }), questionnaireId: Type.String({ format: 'uuid' }), assessor: Type.Optional(Type.String({ maxLength: 254, description: 'The assessor’s email address or staff number' })) },
  { additionalProperties: false },
);
const AnswersBody = Type.Object(
  {
    answers: Type.Array(
      Type.Object({ questionId: Type.String({ format: 'uuid' }), answer: literals(ANSWERS), comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);
const RiskBody = Type.Object({ riskReference: Type.String({ minLength: 1, maxLength: 40, description: 'RISK-0001' }) }, { additionalProperties: false });

const AssessmentSchema = Type.Object({
  id: Type.String(),
  reference: Type.String({ description: 'ASM-0001' }),
  status: Type.String({ description: ASSESSMENT_STATUSES.join(', ') }),
  supplier: Type.Object({ id: Type.String(), reference: Type.String(), name: Type.String(), unitId: Type.String() }),
  questionnaire: Type.Object({ id: Type.String(), code: Type.String(), title: Type.String(), version: Type.String() }),
  assessorPersonId: Nullable(Type.String()),
  answeredBy: Nullable(Type.String()),
  score: Nullable(Type.Integer()),
  maxScore: Nullable(Type.Integer()),
  result: Nullable(Type.String({ description: 'meets, meets-with-deviations or does-not-meet' })),
  completedOn: Nullable(Type.String()),
  reassessOn: Nullable(Type.String()),
  criticality: Type.String(),
  questions: Type.Array(Type.Object({ id: Type.String(), group: Type.String(), key: Type.String(), text: Type.String(), requiredAnswer: Nullable(Type.String()), weight: Type.Integer(), answer: Nullable(Type.String()), comment: Type.String() })),
  deviations: Type.Array(Type.Object({ id: Type.String(), kind: Type.String({ description: DEVIATION_KINDS.join(', ') }), description: Type.String(), status: Type.String(), riskId: Nullable(Type.String()), riskReference: Nullable(Type.String()) })),
});

const toAssessment = (a: AssessmentDetail) => ({
  id: a.id,
  reference: a.reference,
  status: a.status,
  supplier: { id: a.supplier.id, reference: a.supplier.reference, name: a.supplier.name, unitId: a.supplier.unitId },
  questionnaire: { id: a.questionnaire.id, code: a.questionnaire.code, title: a.questionnaire.title, version: a.questionnaire.version },
  assessorPersonId: a.assessorPersonId,
  answeredBy: a.answeredBy,
  score: a.score,
  maxScore: a.maxScore,
  result: a.result,
  completedOn: a.completedOn,
  reassessOn: a.reassessOn,
  criticality: a.criticality,
  questions: a.groups.flatMap((g) => g.questions.map((q) => ({ id: q.id, group: g.title, key: q.key, text: q.text, requiredAnswer: q.requiredAnswer, weight: q.weight, answer: q.answer, comment: q.comment }))),
  deviations: a.deviations.map((d) => ({ id: d.id, kind: d.kind, description: d.description, status: d.status, riskId: d.riskId, riskReference: d.riskReference })),
});

export const assessmentApi =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    const assessments = services.supplierAssessments;

    app.post('/questionnaires', { config: { access: 'suppliers.manage' }, schema: { tags: TAGS, summary: 'Load a questionnaire: the same code and version again changes nothing; a new version replaces one no assessment uses', body: QuestionnaireBody, response: { 200: ImportResult } } }, async (request) =>
      services.questionnaires.importFile(request.actor, { fileName: 'request body', text: JSON.stringify(request.body) }, request.id),
    );

    app.post('/supplier-assessments', { config: { access: 'suppliers.edit-own' }, schema: { tags: TAGS, summary: 'Start an assessment of a supplier you manage, optionally assigning its assessor', body: StartBody, response: { 201: AssessmentSchema } } }, async (request, reply) => {
      const id = await assessments.start(request.actor, { supplierId: request.body.supplierId, questionnaireId: request.body.questionnaireId, assessor: request.body.assessor ?? '' }, request.id);
      return reply.code(201).send(toAssessment(await assessments.get(request.actor, id)));
    });

    app.get('/supplier-assessments/:id', { config: { access: 'signed-in' }, schema: { tags: TAGS, summary: 'An assessment with its questions, answers and deviations: for its assessor while it is open, and for those who see the supplier', params: IdParams, response: { 200: AssessmentSchema } } }, async (request) =>
      toAssessment(await assessments.get(request.actor, request.params.id)),
    );

    app.put('/supplier-assessments/:id/answers', { config: { access: 'suppliers.edit-own' }, schema: { tags: TAGS, summary: 'Record answers; once every question is answered the assessment is scored and its deviations found', params: IdParams, body: AnswersBody, response: { 200: AssessmentSchema } } }, async (request) => {
      await assessments.recordAnswers(request.actor, request.params.id, new Map(request.body.answers.map((a) => [a.questionId, { answer: a.answer, comment: a.comment ?? '' }])), request.id);
      return toAssessment(await assessments.get(request.actor, request.params.id));
    });

    app.post('/supplier-assessments/:id/complete', { config: { access: 'suppliers.edit-own' }, schema: { tags: TAGS, summary: 'Complete an answered assessment whose deviations are all linked to risks', params: IdParams, response: { 200: AssessmentSchema } } }, async (request) => {
      await assessments.complete(request.actor, request.params.id, request.id);
      return toAssessment(await assessments.get(request.actor, request.params.id));
    });

    app.put('/supplier-deviations/:id/risk', { config: { access: 'suppliers.edit-own' }, schema: { tags: TAGS, summary: 'Link a deviation to an existing risk you can see, by its reference', params: IdParams, body: RiskBody, response: { 204: Type.Null() } } }, async (request, reply) => {
      await assessments.deviations.linkToRisk(request.actor, request.params.id, request.body.riskReference, request.id);
      return reply.code(204).send(null);
    });
  };
