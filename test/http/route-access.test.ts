// Walks every route with every built-in role and checks allow or deny against the catalogue.
// The expected table below must name every route: a new route without an entry fails this test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generate } from 'otplib';
import { ACCESS_ROLES, type AccessRole, type Action } from '../../src/access/catalogue.ts';
import type { RouteAccess } from '../../src/access/http.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { apiToken, createAccount, TEST_PASSWORD } from '../support/identity.ts';
import { CAF_ASSESSMENT_ROUTES } from './route-access/caf-assessments.ts';
import { COMPLIANCE_REVIEW_ROUTES } from './route-access/compliance-reviews.ts';
import { MY_WORK_ROUTES } from './route-access/my-work.ts';

const EXPECTED: Record<string, RouteAccess> = {
  ...COMPLIANCE_REVIEW_ROUTES,
  ...CAF_ASSESSMENT_ROUTES,
  ...MY_WORK_ROUTES,
  'GET /': 'public',
  'GET /accessibility': 'public',
  'GET /account': 'own-account.manage',
  'GET /account/tokens/new': 'own-account.manage',
  'GET /account/two-factor': 'own-account.manage',
  'GET /admin/users': 'accounts.read',
  'GET /admin/users/:accountId': 'accounts.read',
  'GET /admin/users/invite': 'accounts.manage',
  'GET /annex-a': 'organisation.read',
  'GET /annex-a.csv': 'organisation.read',
  'GET /api/docs': 'public',
  'GET /api/docs/json': 'public',
  'GET /api/docs/static/*': 'public',
  'GET /api/docs/static/index.html': 'public',
  'GET /api/docs/static/swagger-initializer.js': 'public',
  'GET /api/docs/yaml': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/v1/compliance/findings': 'signed-in',
  'GET /api/v1/compliance/findings/:id': 'signed-in',
  'GET /api/v1/annex-a': 'organisation.read',
  'GET /api/v1/organisation-units': 'organisation.read',
  'GET /api/v1/organisation-units/:id': 'organisation.read',
  'GET /appointments': 'organisation.read',
  'GET /compliance': 'compliance.read',
  'GET /compliance/runs': 'compliance.read',
  'POST /compliance/evaluate': 'compliance.evaluate',
  'GET /compliance/report': 'signed-in',
  'GET /compliance/report.csv': 'signed-in',
  'GET /compliance/report/print': 'signed-in',
  'GET /compliance/findings/:id': 'signed-in',
  'POST /compliance/findings/:id/actions': 'compliance.respond',
  'GET /appointments/:id/edit': 'appointments.manage',
  'GET /appointments/new': 'appointments.manage',
  'GET /assets/*': 'public',
  'GET /audit': 'audit.read',
  'GET /govuk/*': 'public',
  'GET /health': 'public',
  'GET /help': 'signed-in',
  'GET /invitations/:token': 'public',
  'GET /library': 'documents.read',
  'GET /library/:id': 'documents.read',
  'GET /library/:id/compare': 'documents.read',
  'GET /moj/*': 'public',
  'GET /organisation': 'organisation.read',
  'GET /organisation/:code': 'organisation.read',
  'GET /organisation/:code/edit': 'organisation.manage',
  'GET /organisation/new': 'organisation.manage',
  'GET /people': 'people.read',
  'GET /people/:id': 'people.read',
  'GET /people/:id/edit': 'people.manage',
  'GET /people/import': 'people.manage',
  'GET /people/new': 'people.manage',
  'GET /privacy': 'public',
  'GET /roles': 'organisation.read',
  'GET /sign-in': 'public',
  'GET /sign-in/second-factor': 'second-factor',
  'GET /signed-out': 'public',
  'GET /static/*': 'public',
  'POST /account/sessions/end': 'own-account.manage',
  'POST /account/tokens': 'own-account.manage',
  'POST /account/tokens/revoke': 'own-account.manage',
  'POST /account/two-factor': 'own-account.manage',
  'POST /admin/users/:accountId/enabled': 'accounts.manage',
  'POST /admin/users/:accountId/roles': 'roles.grant',
  'POST /admin/users/:accountId/roles/revoke': 'roles.grant',
  'POST /admin/users/invite': 'accounts.manage',
  'POST /appointments': 'appointments.manage',
  'POST /appointments/:id': 'appointments.manage',
  'POST /appointments/:id/end': 'appointments.manage',
  'POST /invitations/:token': 'public',
  'POST /library/:id/feedback': 'documents.give-feedback',
  'GET /library/acknowledgements': 'documents.read',
  'POST /library/:id/acknowledge': 'documents.acknowledge',
  'GET /library/:id/acknowledgements': 'documents.coverage',
  'GET /library/:id/acknowledgements.csv': 'documents.coverage',
  'GET /library/:id/audience': 'documents.manage',
  'POST /library/:id/audience': 'documents.manage',
  'GET /api/v1/me/acknowledgements': 'documents.read',
  'POST /api/v1/documents/:id/acknowledgements': 'documents.acknowledge',
  'GET /api/v1/documents/:id/acknowledgements': 'documents.coverage',
  'PUT /api/v1/documents/:id/audience': 'documents.manage',
  'GET /information-assets': 'assets.read',
  'GET /information-assets.csv': 'assets.read',
  'GET /information-assets/classification': 'assets.read',
  'POST /information-assets/classification/descriptors': 'assets.manage',
  'GET /information-assets/import': 'assets.manage',
  'POST /information-assets/import': 'assets.manage',
  'GET /information-assets/new': 'assets.manage',
  'POST /information-assets': 'assets.manage',
  'GET /information-assets/:id': 'assets.read',
  'GET /information-assets/:id/edit': 'assets.edit-own',
  'POST /information-assets/:id': 'assets.edit-own',
  'GET /api/v1/information-assets': 'assets.read',
  'GET /api/v1/information-assets/:id': 'assets.read',
  'POST /api/v1/information-assets': 'assets.manage',
  'PUT /api/v1/information-assets/:id': 'assets.edit-own',
  'GET /technology-services': 'services.read',
  'GET /technology-services.csv': 'services.read',
  'GET /technology-services/import': 'services.manage',
  'POST /technology-services/import': 'services.manage',
  'GET /technology-services/new': 'services.manage',
  'POST /technology-services': 'services.manage',
  'GET /technology-services/:id': 'services.read',
  'GET /technology-services/:id/edit': 'services.edit-own',
  'POST /technology-services/:id': 'services.edit-own',
  'GET /api/v1/technology-services': 'services.read',
  'GET /api/v1/technology-services/:id': 'services.read',
  'POST /api/v1/technology-services': 'services.manage',
  'PUT /api/v1/technology-services/:id': 'services.edit-own',
  'GET /controls': 'controls.read',
  'GET /controls/new': 'controls.manage',
  'POST /controls': 'controls.manage',
  'GET /controls/:id': 'controls.read',
  'GET /controls/:id/edit': 'controls.manage',
  'POST /controls/:id': 'controls.manage',
  'GET /baselines': 'controls.read',
  'GET /baselines/new': 'controls.manage',
  'POST /baselines': 'controls.manage',
  'GET /baselines/:id/edit': 'controls.manage',
  'POST /baselines/:id': 'controls.manage',
  'GET /control-implementations/new': 'services.edit-own',
  'POST /control-implementations': 'services.edit-own',
  'GET /control-implementations/:id': 'controls.read',
  'POST /control-implementations/:id': 'services.edit-own',
  'POST /control-implementations/:id/evidence': 'services.edit-own',
  'GET /evidence/:id/file': 'controls.read',
  'GET /control-implementations.csv': 'controls.read',
  'GET /control-implementations/import': 'controls.manage',
  'POST /control-implementations/import': 'controls.manage',
  'GET /api/v1/controls': 'controls.read',
  'GET /api/v1/controls/:id': 'controls.read',
  'POST /api/v1/controls': 'controls.manage',
  'PUT /api/v1/controls/:id': 'controls.manage',
  'GET /api/v1/baselines': 'controls.read',
  'POST /api/v1/baselines': 'controls.manage',
  'PUT /api/v1/baselines/:id': 'controls.manage',
  'GET /api/v1/control-implementations': 'controls.read',
  'GET /api/v1/control-implementations/:id': 'controls.read',
  'POST /api/v1/control-implementations': 'services.edit-own',
  'PUT /api/v1/control-implementations/:id/status': 'services.edit-own',
  'POST /api/v1/control-implementations/:id/evidence': 'services.edit-own',
  'GET /frameworks': 'frameworks.read',
  'GET /frameworks/import': 'frameworks.manage',
  'POST /frameworks/import': 'frameworks.manage',
  'GET /frameworks/control-mappings/import': 'frameworks.manage',
  'POST /frameworks/control-mappings/import': 'frameworks.manage',
  'GET /frameworks/:id': 'frameworks.read',
  'GET /frameworks/:id/control-mappings.csv': 'frameworks.read',
  'GET /frameworks/:id/targets': 'frameworks.read',
  'GET /frameworks/:id/requirements/:requirementId': 'frameworks.read',
  'POST /frameworks/:id/requirements/:requirementId/controls': 'frameworks.manage',
  'POST /frameworks/:id/requirements/:requirementId/controls/:controlId/remove': 'frameworks.manage',
  'POST /frameworks/:id/requirements/:requirementId/targets': 'frameworks.manage',
  'GET /api/v1/frameworks': 'frameworks.read',
  'POST /api/v1/frameworks/import': 'frameworks.manage',
  'GET /api/v1/frameworks/:id': 'frameworks.read',
  'GET /api/v1/frameworks/:id/coverage': 'frameworks.read',
  'POST /api/v1/frameworks/:id/requirements/:requirementId/controls': 'frameworks.manage',
  'DELETE /api/v1/frameworks/:id/requirements/:requirementId/controls/:controlId': 'frameworks.manage',
  'PUT /api/v1/frameworks/:id/requirements/:requirementId/targets': 'frameworks.manage',
  'GET /api/v1/controls/:id/framework-requirements': 'frameworks.read',
  'GET /training': 'training.view-own',
  'GET /training/units/:code': 'training.read',
  'GET /training/units/:code/people.csv': 'training.read',
  'GET /training/people/:id': 'training.view-own',
  'GET /training/courses': 'training.view-own',
  'GET /training/courses/new': 'training.manage',
  'POST /training/courses': 'training.manage',
  'GET /training/courses/:id/change': 'training.manage',
  'POST /training/courses/:id': 'training.manage',
  'GET /training/record': 'training.manage',
  'POST /training/record': 'training.manage',
  'GET /training/import': 'training.manage',
  'POST /training/import': 'training.manage',
  'GET /api/v1/training/courses': 'training.view-own',
  'GET /api/v1/training/people/:id': 'training.view-own',
  'GET /api/v1/training/completion': 'training.read',
  'GET /actions': 'actions.edit-own',
  'GET /actions.csv': 'actions.edit-own',
  'GET /actions/new': 'actions.manage',
  'POST /actions': 'actions.manage',
  'GET /actions/:id': 'actions.edit-own',
  'GET /actions/:id/edit': 'actions.manage',
  'POST /actions/:id': 'actions.manage',
  'POST /actions/:id/progress': 'actions.edit-own',
  'GET /api/v1/actions': 'signed-in',
  'GET /api/v1/actions/:id': 'signed-in',
  'POST /api/v1/actions': 'actions.manage',
  'PUT /api/v1/actions/:id': 'actions.manage',
  'POST /api/v1/actions/:id/progress': 'actions.edit-own',
  'GET /suppliers': 'suppliers.edit-own',
  'GET /suppliers.csv': 'suppliers.read',
  'GET /supplier-contracts.csv': 'suppliers.read',
  'GET /suppliers/import': 'suppliers.manage',
  'POST /suppliers/import': 'suppliers.manage',
  'GET /supplier-contracts/import': 'suppliers.manage',
  'POST /supplier-contracts/import': 'suppliers.manage',
  'GET /suppliers/new': 'suppliers.manage',
  'POST /suppliers': 'suppliers.manage',
  'GET /suppliers/:id': 'suppliers.edit-own',
  'GET /suppliers/:id/edit': 'suppliers.edit-own',
  'POST /suppliers/:id': 'suppliers.edit-own',
  'GET /suppliers/:id/criticality': 'suppliers.manage',
  'POST /suppliers/:id/criticality': 'suppliers.manage',
  'GET /suppliers/:id/contracts/new': 'suppliers.edit-own',
  'POST /suppliers/:id/contracts': 'suppliers.edit-own',
  'POST /suppliers/:id/contracts/remove': 'suppliers.edit-own',
  'GET /suppliers/:id/certifications/new': 'suppliers.edit-own',
  'POST /suppliers/:id/certifications': 'suppliers.edit-own',
  'POST /suppliers/:id/certifications/remove': 'suppliers.edit-own',
  'GET /suppliers/:id/subprocessors/new': 'suppliers.edit-own',
  'POST /suppliers/:id/subprocessors': 'suppliers.edit-own',
  'POST /suppliers/:id/subprocessors/remove': 'suppliers.edit-own',
  'GET /api/v1/suppliers': 'suppliers.edit-own',
  'GET /api/v1/suppliers/:id': 'suppliers.edit-own',
  'POST /api/v1/suppliers': 'suppliers.manage',
  'PUT /api/v1/suppliers/:id': 'suppliers.edit-own',
  'PUT /api/v1/suppliers/:id/criticality': 'suppliers.manage',
  'GET /risks': 'risks.edit-own',
  'GET /risks/heat-map': 'risks.edit-own',
  'GET /risks.csv': 'risks.edit-own',
  'GET /risks/decisions': 'risks.accept',
  'GET /risks/new': 'risks.edit-own',
  'POST /risks': 'risks.edit-own',
  'GET /risks/:id': 'risks.edit-own',
  'GET /risks/:id/edit': 'risks.edit-own',
  'POST /risks/:id': 'risks.edit-own',
  'POST /risks/:id/ask-for-decision': 'risks.edit-own',
  'POST /risks/:id/actions': 'risks.edit-own',
  'POST /risks/:id/decision': 'risks.accept',
  'POST /risks/:id/revoke': 'risks.accept',
  'GET /risks/configuration': 'risks.read',
  'POST /risks/configuration/appetite': 'risks.manage',
  'POST /risks/configuration/bands/:code': 'risks.manage',
  'POST /risks/configuration/cells': 'risks.manage',
  'GET /risk-exceptions': 'risks.read',
  'GET /risk-exceptions.csv': 'risks.read',
  'GET /risk-exceptions/new': 'risks.edit-own',
  'POST /risk-exceptions': 'risks.edit-own',
  'GET /risk-exceptions/:id': 'risks.edit-own',
  'POST /risk-exceptions/:id/decision': 'risks.accept',
  'POST /risk-exceptions/:id/revoke': 'risks.edit-own',
  'GET /api/v1/risks': 'risks.edit-own',
  'GET /api/v1/risks/heat-map': 'risks.edit-own',
  'GET /api/v1/risks/:id': 'risks.edit-own',
  'POST /api/v1/risks': 'risks.edit-own',
  'PUT /api/v1/risks/:id': 'risks.edit-own',
  'POST /api/v1/risks/:id/decision': 'risks.accept',
  'POST /api/v1/risks/:id/revoke': 'risks.accept',
  'GET /api/v1/risk-exceptions': 'risks.read',
  'POST /api/v1/risk-exceptions': 'risks.edit-own',
  'POST /api/v1/risk-exceptions/:id/decision': 'risks.accept',
  'GET /supplier-assessments': 'signed-in',
  'GET /supplier-assessments/new': 'suppliers.edit-own',
  'POST /supplier-assessments': 'suppliers.edit-own',
  'GET /supplier-assessments/:id': 'signed-in',
  'POST /supplier-assessments/:id/answers': 'suppliers.edit-own',
  'POST /supplier-assessments/:id/assessor': 'suppliers.edit-own',
  'POST /supplier-assessments/:id/links': 'suppliers.edit-own',
  'POST /supplier-assessments/:id/links/revoke': 'suppliers.edit-own',
  'POST /supplier-assessments/:id/complete': 'suppliers.edit-own',
  'POST /supplier-assessments/:id/deviations/:deviationId/risk': 'suppliers.edit-own',
  'POST /supplier-assessments/:id/deviations/:deviationId/new-risk': 'suppliers.edit-own',
  'POST /supplier-assessments/:id/deviations/:deviationId/actions': 'suppliers.edit-own',
  'GET /supplier-questionnaire/submitted': 'public',
  'GET /supplier-questionnaire/:token': 'public',
  'POST /supplier-questionnaire/:token': 'public',
  'POST /api/v1/questionnaires': 'suppliers.manage',
  'POST /api/v1/supplier-assessments': 'suppliers.edit-own',
  'GET /api/v1/supplier-assessments/:id': 'signed-in',
  'PUT /api/v1/supplier-assessments/:id/answers': 'suppliers.edit-own',
  'POST /api/v1/supplier-assessments/:id/complete': 'suppliers.edit-own',
  'PUT /api/v1/supplier-deviations/:id/risk': 'suppliers.edit-own',
  'GET /library/reviews': 'documents.read',
  'GET /library/:id/review': 'documents.review',
  'POST /library/:id/review': 'documents.review',
  'GET /api/v1/document-reviews': 'documents.read',
  'GET /api/v1/documents/:id/reviews': 'documents.read',
  'POST /api/v1/documents/:id/reviews': 'documents.review',
  'GET /library/new': 'documents.manage',
  'POST /library/new': 'documents.manage',
  'GET /library/:id/edit': 'documents.manage',
  'POST /library/:id/edit': 'documents.manage',
  'GET /library/:id/draft': 'documents.draft',
  'POST /library/:id/draft': 'documents.draft',
  'POST /library/:id/submit': 'documents.draft',
  'POST /library/:id/decision': 'documents.approve',
  'POST /library/:id/publish': 'documents.draft',
  'GET /library/approving-roles': 'documents.read',
  'POST /library/approving-roles': 'documents.manage',
  'GET /api/v1/documents': 'documents.read',
  'GET /api/v1/documents/:id': 'documents.read',
  'POST /api/v1/documents': 'documents.manage',
  'PUT /api/v1/documents/:id/details': 'documents.manage',
  'PUT /api/v1/documents/:id/draft': 'documents.draft',
  'POST /api/v1/documents/:id/submit': 'documents.draft',
  'POST /api/v1/documents/:id/decision': 'documents.approve',
  'POST /api/v1/documents/:id/publish': 'documents.draft',
  'GET /api/v1/document-approving-roles': 'documents.read',
  'PUT /api/v1/document-approving-roles/:tier': 'documents.manage',
  'GET /api/v1/documents/:id/feedback': 'documents.read',
  'POST /api/v1/documents/:id/feedback': 'documents.give-feedback',
  'PUT /api/v1/feedback/:id': 'documents.draft',
  'POST /library/:id/feedback/:feedbackId': 'documents.draft',
  'POST /organisation': 'organisation.manage',
  'POST /organisation/:code': 'organisation.manage',
  'POST /people': 'people.manage',
  'POST /people/:id': 'people.manage',
  'POST /people/import': 'people.manage',
  'POST /roles/:code': 'appointments.manage',
  'POST /sign-in': 'public',
  'POST /sign-in/second-factor': 'second-factor',
  'POST /sign-out': 'second-factor',
  // Incidents (issue 10): reporting is everyone's; handling is decided by the service (the security team or the handler).
  'GET /report-an-incident': 'incidents.report',
  'GET /report-an-incident/details': 'incidents.report',
  'POST /report-an-incident/details': 'incidents.report',
  'GET /report-an-incident/reported/:id': 'incidents.report',
  'GET /incidents': 'incidents.report',
  'GET /incidents.csv': 'incidents.read',
  'GET /incidents/quarterly-return': 'incidents.read',
  'GET /incidents/quarterly-return.csv': 'incidents.read',
  'GET /incidents/:id': 'incidents.report',
  'POST /incidents/:id/triage': 'incidents.handle',
  'POST /incidents/:id/handler': 'incidents.handle',
  'POST /incidents/:id/stage': 'incidents.handle',
  'POST /incidents/:id/notes': 'incidents.handle',
  'POST /incidents/:id/links': 'incidents.handle',
  'POST /incidents/:id/people': 'incidents.handle',
  'POST /incidents/:id/lessons': 'incidents.handle',
  'POST /incidents/:id/actions': 'incidents.handle',
  'POST /incidents/:id/close': 'incidents.handle',
  'POST /incidents/:id/reopen': 'incidents.handle',
  'POST /incidents/:id/links/remove': 'incidents.handle',
  'POST /incidents/:id/people/remove': 'incidents.handle',
  'POST /incidents/:id/ico-decision': 'incidents.decide',
  'POST /api/v1/incidents': 'incidents.report',
  'GET /api/v1/incidents': 'incidents.read',
  'GET /api/v1/incidents/:id': 'incidents.report',
  'POST /api/v1/incidents/:id/triage': 'incidents.handle',
  'POST /api/v1/incidents/:id/handler': 'incidents.handle',
  'POST /api/v1/incidents/:id/stage': 'incidents.handle',
  'POST /api/v1/incidents/:id/notes': 'incidents.handle',
  'POST /api/v1/incidents/:id/links': 'incidents.handle',
  'POST /api/v1/incidents/:id/people': 'incidents.handle',
  'POST /api/v1/incidents/:id/lessons': 'incidents.handle',
  'POST /api/v1/incidents/:id/actions': 'incidents.handle',
  'POST /api/v1/incidents/:id/close': 'incidents.handle',
  'POST /api/v1/incidents/:id/reopen': 'incidents.handle',
  'POST /api/v1/incidents/:id/ico-decision': 'incidents.decide',
  'GET /continuity': 'continuity.edit-own',
  'GET /continuity.csv': 'continuity.edit-own',
  'GET /continuity/new': 'continuity.edit-own',
  'POST /continuity': 'continuity.edit-own',
  'GET /continuity/:id': 'continuity.edit-own',
  'GET /continuity/:id/edit': 'continuity.edit-own',
  'POST /continuity/:id': 'continuity.edit-own',
  'GET /continuity/:id/exercises/new': 'continuity.edit-own',
  'POST /continuity/:id/exercises': 'continuity.edit-own',
  'POST /continuity/:id/document': 'continuity.edit-own',
  'GET /continuity/:id/document': 'continuity.edit-own',
  'GET /api/v1/continuity': 'continuity.edit-own',
  'GET /api/v1/continuity/:id': 'continuity.edit-own',
  'POST /api/v1/continuity': 'continuity.edit-own',
  'PUT /api/v1/continuity/:id': 'continuity.edit-own',
  'POST /api/v1/continuity/:id/exercises': 'continuity.edit-own',
};

type Who = 'anonymous' | AccessRole;
const EVERYONE: readonly Who[] = ['anonymous', 'staff', 'auditor', 'security_team', 'administrator'];

function allowed(who: Who, access: RouteAccess): boolean {
  if (access === 'public') return true;
  if (who === 'anonymous') return false;
  if (access === 'signed-in' || access === 'second-factor') return true;
  const held = new Set<Action>([...ACCESS_ROLES.staff.actions, ...(ACCESS_ROLES[who].actions as readonly Action[])]);
  return held.has(access);
}

let t: TestApp;
const people = new Map<AccessRole, { email: string; secret?: string; token: string }>();
let targetAccountId = '';
const CSRF_COOKIE = 'route-walk-csrf-cookie';
let csrf = '';

before(async () => {
  t = await createTestApp();
  for (const role of ['staff', 'auditor', 'security_team', 'administrator'] as const) {
    const email = `${role.replace('_', '-')}@example.gov.uk`;
    await createAccount(t, email, role === 'staff' ? [] : [role]);
    let secret: string | undefined;
    if (role === 'security_team' || role === 'administrator') {
      const { sessionToken } = await t.services.signIn.signIn(email, TEST_PASSWORD);
      const session = (await t.services.signIn.resolveSession(sessionToken))!;
      secret = (await t.services.signIn.beginTwoFactorEnrolment(session.actor)).secret;
      await t.services.signIn.confirmTwoFactorEnrolment(session.actor, await totp(secret));
    }
    people.set(role, { email, token: await apiToken(t, email), ...(secret ? { secret } : {}) });
  }
  targetAccountId = (await createAccount(t, 'target@example.gov.uk')).accountId;
  const page = await t.app.inject({ method: 'GET', url: '/sign-in', headers: { cookie: `custodian_csrf=${CSRF_COOKIE}` } });
  csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
});
after(async () => {
  await t?.close();
});

function totp(secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) });
}

/** A fresh, fully signed-in session for each request, so one route (sign-out) cannot spoil the next. */
async function sessionCookie(role: AccessRole): Promise<string> {
  const person = people.get(role)!;
  const { sessionToken, next } = await t.services.signIn.signIn(person.email, TEST_PASSWORD);
  if (next === 'second-factor') {
    const session = (await t.services.signIn.resolveSession(sessionToken))!;
    await t.services.signIn.completeSecondFactor(session, await totp(person.secret!));
  }
  return sessionToken;
}

function concreteUrl(route: string): string {
  return route
    .replace(':accountId', targetAccountId)
    .replace(':id', '0f8fad5b-d9cb-469f-a165-70867728950e')
    .replace(':feedbackId', '0f8fad5b-d9cb-469f-a165-70867728950e')
    .replace(':requirementId', '0f8fad5b-d9cb-469f-a165-70867728950e')
    .replace(':controlId', '0f8fad5b-d9cb-469f-a165-70867728950e')
    .replace(':deviationId', '0f8fad5b-d9cb-469f-a165-70867728950e')
    .replace(':code', 'ORG')
    .replace(':tier', '2')
    .replace(':id', '0f8fad5b-d9cb-469f-a165-70867728950e')
    .replace(':token', 'not-a-real-invitation')
    .replace('/assets/*', '/assets/images/favicon.svg')
    .replace('/govuk/*', '/govuk/govuk-frontend.min.css')
    .replace('/moj/*', '/moj/moj-frontend.min.css')
    .replace('/static/*', '/static/app.js')
    .replace('/api/docs/static/*', '/api/docs/static/index.html');
}

describe('every route with every role', () => {
  test('every route has an entry in the expected table, and declares what the table says', () => {
    const actual = Object.fromEntries(t.app.routeAccessTable);
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(EXPECTED).sort(), 'a route was added or removed: give it an entry here');
    assert.deepEqual(actual, EXPECTED);
  });

  test('each role is allowed exactly what the catalogue gives it', async () => {
    const mismatches: string[] = [];
    for (const [route, access] of Object.entries(EXPECTED)) {
      const [method, path] = route.split(' ') as ['GET' | 'POST', string];
      const url = concreteUrl(path);
      const isApi = url.startsWith('/api/v1/');
      for (const who of EVERYONE) {
        const headers: Record<string, string> = {};
        if (who !== 'anonymous' && isApi) headers.authorization = `Bearer ${people.get(who)!.token}`;
        const cookies = [`custodian_csrf=${CSRF_COOKIE}`];
        if (who !== 'anonymous' && !isApi) cookies.push(`custodian_session=${await sessionCookie(who)}`);
        headers.cookie = cookies.join('; ');
        const res = await t.app.inject({
          method,
          url,
          headers: method === 'POST' ? { ...headers, 'content-type': 'application/x-www-form-urlencoded' } : headers,
          ...(method === 'POST' ? { payload: new URLSearchParams({ _csrf: csrf }).toString() } : {}),
        });
        // Sent to sign in, or held at a sign-in step, is refused as surely as a 401 or 403.
        const location = String(res.headers.location ?? '');
        const step = location.split('?')[0] ?? '';
        const heldBack = res.statusCode === 303 && (step === '/sign-in' || ((step === '/account/two-factor' || step === '/sign-in/second-factor') && url !== step));
        const refused = res.statusCode === 401 || res.statusCode === 403 || heldBack;
        const expectAllowed = allowed(who, access);
        if (expectAllowed === refused) mismatches.push(`${route} as ${who}: expected ${expectAllowed ? 'allowed' : 'refused'}, got ${res.statusCode} ${res.headers.location ?? ''}`);
        if (!expectAllowed && who !== 'anonymous' && res.statusCode !== 403) mismatches.push(`${route} as ${who}: a signed-in person is refused with 403, got ${res.statusCode}`);
        if (res.statusCode >= 500) mismatches.push(`${route} as ${who}: ${res.statusCode}`);
      }
    }
    assert.deepEqual(mismatches, []);
  });
});
