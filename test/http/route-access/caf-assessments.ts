// The access each caf-assessments route declares (issue 13), merged into route-access.test.ts's table.
// Reading is 'signed-in' because auditors read and staff assess: the service decides per record.
import type { RouteAccess } from '../../../src/access/http.ts';

export const CAF_ASSESSMENT_ROUTES: Record<string, RouteAccess> = {
  'GET /caf-assessments': 'signed-in',
  'GET /caf-assessments/new': 'caf-assessments.manage',
  'POST /caf-assessments': 'caf-assessments.manage',
  'GET /caf-assessments/:id': 'signed-in',
  'POST /caf-assessments/:id/assessors': 'caf-assessments.manage',
  'POST /caf-assessments/:id/prefill': 'caf-assessments.assess',
  'POST /caf-assessments/:id/submit': 'caf-assessments.assess',
  'POST /caf-assessments/:id/complete': 'caf-assessments.manage',
  'GET /caf-assessments/:id/outcomes/:key': 'signed-in',
  'POST /caf-assessments/:id/outcomes/:key': 'caf-assessments.assess',
  'GET /caf-assessments/:id/gap': 'signed-in',
  'GET /caf-assessments/:id/export.csv': 'signed-in',
  'GET /caf-assessments/:id/print': 'signed-in',
  'GET /api/v1/caf-assessments': 'signed-in',
  'GET /api/v1/caf-assessments/:id': 'signed-in',
  'POST /api/v1/caf-assessments': 'caf-assessments.manage',
  'PUT /api/v1/caf-assessments/:id/outcomes/:key': 'caf-assessments.assess',
  'PUT /api/v1/caf-assessments/:id/assessors': 'caf-assessments.manage',
  'POST /api/v1/caf-assessments/:id/prefill': 'caf-assessments.assess',
  'POST /api/v1/caf-assessments/:id/submit': 'caf-assessments.assess',
  'POST /api/v1/caf-assessments/:id/complete': 'caf-assessments.manage',
};
