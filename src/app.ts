// Builds the Fastify app: plumbing first (ids, headers, errors, views, validation, OpenAPI), then
// the pages and API of each register. Starting and stopping belong to src/main.ts.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { canAnywhere } from './access/authorize.ts';
import { registerAccess } from './access/http.ts';
import { adminPages } from './access/admin-pages.ts';
import { accessPages } from './access/pages.ts';
import type { Config } from './config.ts';
import { foundationPages, type RegisterLink } from './foundation/pages.ts';
import { registerErrorHandling } from './platform/http/error-handler.ts';
import { registerRateLimits } from './platform/http/rate-limit.ts';
import { registerRendering } from './platform/http/render.ts';
import { registerSecurityHeaders } from './platform/http/security-headers.ts';
import { validatorCompiler } from './platform/http/validation.ts';
import { createViewEnvironment, packageDir } from './platform/views/environment.ts';
import { appointmentsApi } from './registers/appointments/api.ts';
import { appointmentsPages } from './registers/appointments/pages.ts';
import { acknowledgementsApi } from './registers/documents/acknowledgement-api.ts';
import { acknowledgementPages } from './registers/documents/acknowledgement-pages.ts';
import { documentReviewsApi } from './registers/documents/review-api.ts';
import { documentsPages } from './registers/documents/pages.ts';
import { documentReviewPages } from './registers/documents/review-pages.ts';
import { documentWorkflowPages } from './registers/documents/workflow-pages.ts';
import { documentsApi } from './registers/documents/api.ts';
import { organisationUnitsApi } from './registers/organisation-units/api.ts';
import { peoplePages } from './registers/people/pages.ts';
import { controlsApi } from './registers/controls/api.ts';
import { controlsPages } from './registers/controls/pages.ts';
import { frameworksApi } from './registers/frameworks/api.ts';
import { frameworksPages } from './registers/frameworks/pages.ts';
import { risksApi } from './registers/risks/api.ts';
import { risksPages } from './registers/risks/pages.ts';
import { actionsApi } from './registers/actions/api.ts';
import { actionsPages } from './registers/actions/pages.ts';
import { trainingApi } from './registers/training/api.ts';
import { trainingPages } from './registers/training/pages.ts';
import { suppliersApi } from './registers/suppliers/api.ts';
import { suppliersPages } from './registers/suppliers/pages.ts';
import { informationAssetsApi } from './registers/information-assets/api.ts';
import { informationAssetsPages } from './registers/information-assets/pages.ts';
import { technologyServicesApi } from './registers/technology-services/api.ts';
import { technologyServicesPages } from './registers/technology-services/pages.ts';
import { organisationUnitsPages } from './registers/organisation-units/pages.ts';
import { assessmentApi } from './registers/suppliers/assessment-api.ts';
import { assessmentPages } from './registers/suppliers/assessment-pages.ts';
import { questionnaireLinkPages } from './registers/suppliers/questionnaire-link-pages.ts';
import { incidentsApi } from './registers/incidents/api.ts';
import { incidentsPages } from './registers/incidents/pages.ts';
import { continuityApi } from './registers/continuity-plans/api.ts';
import { continuityPages } from './registers/continuity-plans/pages.ts';
import { complianceApi } from './compliance/api.ts';
import { compliancePages } from './compliance/pages.ts';
import { posturePages } from './compliance/posture-pages.ts';
import { complianceReviewsPages } from './registers/compliance-reviews/pages.ts';
import { complianceReviewsApi } from './registers/compliance-reviews/api.ts';
import { cafAssessmentsPages } from './registers/caf-assessments/pages.ts';
import { cafAssessmentsApi } from './registers/caf-assessments/api.ts';
import { myWorkPages } from './work/pages.ts';
import { myWorkApi } from './work/api.ts';
import type { Services } from './services.ts';

export interface AppOptions {
  readonly config: Config;
  readonly services: Services;
  /** Signs CSRF tokens: the configured secret, or the one first-run setup generated and stored. */
  readonly sessionSecret: string;
  /** false in tests; otherwise pino at the configured level. */
  readonly logger?: boolean;
}

/** The registers that exist, in the order the home page and navigation list them. */
export const REGISTERS: readonly RegisterLink[] = [
  { href: '/compliance', title: 'Compliance', description: 'Every requirement checked against the registers: posture by unit, requirement and framework, and the requirements unmet with no accepted risk.', access: 'compliance.read' },
  { href: '/compliance-reviews', title: 'Compliance reviews', description: 'Reviews by the Security and Information Group of a unit or service against the policy or a framework: checklist, results, findings, remediation actions and the report.', access: 'compliance-reviews.read' },
  { href: '/caf-assessments', title: 'CAF self-assessments', description: 'GovAssure self-assessments of critical services against the NCSC Cyber Assessment Framework: each contributing outcome against the Baseline or Enhanced target, pre-filled from the registers with the evidence, and the gap to the target.', access: 'caf-assessments.read' },
  { href: '/organisation', title: 'Organisation', description: 'The department, its agencies and arm’s length bodies, and their units.', access: 'organisation.read' },
  { href: '/library', title: 'Policy library', description: 'The five tiers of the Information Security Framework’s documents, their statements and the linter’s findings.', access: 'documents.read' },
  { href: '/information-assets', title: 'Information assets', description: 'The information the department holds, each classified and owned by its Information Asset Owner.', access: 'assets.read' },
  { href: '/technology-services', title: 'Technology services', description: 'Systems and services, their owners, the information they process and the controls they need.', access: 'services.read' },
  { href: '/controls', title: 'Controls', description: 'The control catalogue, the baselines that require controls, and where each is implemented, with evidence.', access: 'controls.read' },
  { href: '/frameworks', title: 'Frameworks', description: 'External frameworks (NCSC CAF, ISO 27001, NIST SP 800-53) mapped to the controls that meet them, with their coverage.', access: 'frameworks.read' },
  { href: '/risks', title: 'Risks', description: 'Information risks rated on the matrix, held against each unit’s appetite, and formally accepted by the right person; the heat map and exceptions to requirements.', access: 'risks.edit-own' },
  { href: '/suppliers', title: 'Suppliers', description: 'Service providers and partners with access to departmental information: contracts, what they can reach, certifications, security risk assessments and deviations.', access: 'suppliers.edit-own' },
  { href: '/incidents', title: 'Incidents', description: 'Information security incidents and near misses: report one, triage and handle it through its stages, the ICO’s 72 hours for personal data breaches, lessons learned, trends and the quarterly return.', access: 'incidents.report' },
  { href: '/continuity', title: 'Continuity', description: 'Backup, disaster recovery and business continuity plans for technology services, their recovery objectives and the continuity-exercises that test them; overdue plans highlighted.', access: 'continuity.edit-own' },
  { href: '/training', title: 'Training', description: 'Security training: the annual mandatory course and role courses, who has done them and who is due, by unit and agency.', access: 'training.view-own' },
  { href: '/actions', title: 'Actions', description: 'Things to do, each with an owner and a due date, and the risk, incident, review finding, exercise gap or supplier deviation that raised it.', access: 'actions.edit-own' },
  { href: '/people', title: 'People', description: 'Staff, contractors and third-party users in scope, with their units and line managers.', access: 'people.read' },
  { href: '/appointments', title: 'Appointments', description: 'Who holds each accountable role, and the gaps in the accountability chain.', access: 'organisation.read' },
  { href: '/annex-a', title: 'Annex A', description: 'Each agency and arm’s length body with its own Accounting Officer, and its board member for information security.', access: 'organisation.read' },
  { href: '/audit', title: 'Audit trail', description: 'Who did what, and when: every change and every sign-in, tamper-evident.', access: 'audit.read' },
  { href: '/admin/users', title: 'User accounts', description: 'Invite people, disable and re-enable accounts, grant access roles.', access: 'accounts.read' },
];

const API_PREFIX = '/api/v1';
const JSON_BODY_LIMIT = 1024 * 1024;

export async function buildApp({ config, services, sessionSecret, logger = true }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? { level: config.logLevel } : false,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
    bodyLimit: JSON_BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandling(app);
  await registerSecurityHeaders(app, { hsts: config.requireSecureCookies });
  await app.register(formbody, { bodyLimit: JSON_BODY_LIMIT });
  // Uploads (CSV imports, evidence): the whole form arrives as the body, files buffered within the size limit.
  await app.register(multipart, { attachFieldsToBody: true, limits: { fileSize: config.maxUploadMb * 1024 * 1024, files: 2, fields: 20 } });
  registerRateLimits(app, { 'sign-in': { max: config.signInAttemptsPerAddress, windowMs: 5 * 60_000 } }, services.context.clock);
  await registerAccess(app, services, { sessionSecret, secureCookies: config.requireSecureCookies });

  registerRendering(app, createViewEnvironment(), {
    serviceName: config.serviceName,
    protectiveMarking: config.protectiveMarking,
    navigation: [{ href: '/', text: 'Home' }, ...REGISTERS.map((r) => ({ href: r.href, text: r.title, visible: (request: FastifyRequest) => canAnywhere(request.actor, r.access) }))],
  });

  // Front-end assets are served from the installed packages: nothing comes from a CDN.
  const govuk = join(packageDir('govuk-frontend'), 'dist/govuk');
  await app.register(fastifyStatic, { root: join(govuk, 'assets'), prefix: '/assets/', decorateReply: false, index: false });
  await app.register(fastifyStatic, { root: govuk, prefix: '/govuk/', decorateReply: false, index: false, allowedPath: (p) => /^\/govuk-frontend\.min\.(css|js)(\.map)?$/.test(p) });
  await app.register(fastifyStatic, { root: join(packageDir('@ministryofjustice/frontend'), 'moj'), prefix: '/moj/', decorateReply: false, index: false, allowedPath: (p) => /^\/moj-frontend\.min\.(css|js)(\.map)?$/.test(p) });
  await app.register(fastifyStatic, { root: new URL('./platform/views/static/', import.meta.url).pathname, prefix: '/static/', decorateReply: false, index: false });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: `${config.serviceName} API`,
        version: '1',
        description: 'The JSON API of Custodian. Errors are application/problem+json documents with a stable `code`.',
      },
      servers: [{ url: config.publicBaseUrl }],
    },
    transform: ({ schema, url }) => ({
      schema: url.startsWith('/api/') || url === '/health' ? schema : { ...(schema ?? {}), hide: true },
      url,
    }),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false, uiConfig: { docExpansion: 'list' } });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());

  await app.register(accessPages(services, { secureCookies: config.requireSecureCookies }));
  await app.register(adminPages(services));
  await app.register(foundationPages(services, REGISTERS));
  await app.register(organisationUnitsPages(services));
  await app.register(organisationUnitsApi(services), { prefix: API_PREFIX });
  await app.register(peoplePages(services));
  await app.register(appointmentsPages(services));
  await app.register(appointmentsApi(services), { prefix: API_PREFIX });
  await app.register(documentWorkflowPages(services));
  await app.register(documentsApi(services), { prefix: API_PREFIX });
  await app.register(documentReviewPages(services));
  await app.register(acknowledgementPages(services));
  await app.register(documentReviewsApi(services), { prefix: API_PREFIX });
  await app.register(acknowledgementsApi(services), { prefix: API_PREFIX });
  await app.register(documentsPages(services));
  await app.register(informationAssetsPages(services));
  await app.register(informationAssetsApi(services), { prefix: API_PREFIX });
  await app.register(technologyServicesPages(services));
  await app.register(technologyServicesApi(services), { prefix: API_PREFIX });
  await app.register(controlsPages(services));
  await app.register(controlsApi(services), { prefix: API_PREFIX });
  await app.register(frameworksPages(services));
  await app.register(frameworksApi(services), { prefix: API_PREFIX });
  await app.register(risksPages(services));
  await app.register(risksApi(services), { prefix: API_PREFIX });
  await app.register(actionsPages(services));
  await app.register(actionsApi(services), { prefix: API_PREFIX });
  await app.register(trainingPages(services));
  await app.register(trainingApi(services), { prefix: API_PREFIX });
  await app.register(suppliersPages(services));
  await app.register(suppliersApi(services), { prefix: API_PREFIX });
  await app.register(assessmentPages(services));
  await app.register(questionnaireLinkPages(services));
  await app.register(assessmentApi(services), { prefix: API_PREFIX });
  await app.register(incidentsPages(services));
  await app.register(incidentsApi(services), { prefix: API_PREFIX });
  await app.register(continuityPages(services));
  await app.register(continuityApi(services), { prefix: API_PREFIX });
  await app.register(compliancePages(services));
  await app.register(posturePages(services));
  await app.register(complianceApi(services), { prefix: API_PREFIX });
  await app.register(complianceReviewsPages(services));
  await app.register(complianceReviewsApi(services), { prefix: API_PREFIX });
  await app.register(cafAssessmentsPages(services));
  await app.register(cafAssessmentsApi(services), { prefix: API_PREFIX });
  await app.register(myWorkPages(services));
  await app.register(myWorkApi(services), { prefix: API_PREFIX });

  return app;
}
