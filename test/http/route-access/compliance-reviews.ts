// The access each compliance-reviews route declares (issue 13), merged into route-access.test.ts's table.
import type { RouteAccess } from '../../../src/access/http.ts';

export const COMPLIANCE_REVIEW_ROUTES: Record<string, RouteAccess> = {
  'GET /compliance-reviews': 'signed-in',
  'GET /compliance-reviews/new': 'compliance-reviews.manage',
  'POST /compliance-reviews': 'compliance-reviews.manage',
  'GET /compliance-reviews/:id': 'signed-in',
  'POST /compliance-reviews/:id/start': 'compliance-reviews.manage',
  'GET /compliance-reviews/:id/items/:itemId': 'compliance-reviews.manage',
  'POST /compliance-reviews/:id/items/:itemId': 'compliance-reviews.manage',
  'GET /compliance-reviews/:id/findings/new': 'compliance-reviews.manage',
  'POST /compliance-reviews/:id/findings': 'compliance-reviews.manage',
  'GET /compliance-reviews/:id/findings/:findingId/actions/new': 'compliance-reviews.manage',
  'POST /compliance-reviews/:id/findings/:findingId/actions': 'compliance-reviews.manage',
  'GET /compliance-reviews/:id/complete': 'compliance-reviews.manage',
  'POST /compliance-reviews/:id/complete': 'compliance-reviews.manage',
  'GET /compliance-reviews/:id/report': 'signed-in',
  'GET /compliance-reviews/:id/checklist.csv': 'signed-in',
  'GET /compliance-reviews/:id/findings.csv': 'signed-in',
  'GET /api/v1/compliance-reviews': 'signed-in',
  'GET /api/v1/compliance-reviews/:id': 'signed-in',
  'POST /api/v1/compliance-reviews': 'compliance-reviews.manage',
  'POST /api/v1/compliance-reviews/:id/start': 'compliance-reviews.manage',
  'PUT /api/v1/compliance-reviews/:id/items/:itemId': 'compliance-reviews.manage',
  'POST /api/v1/compliance-reviews/:id/findings': 'compliance-reviews.manage',
  'POST /api/v1/compliance-reviews/:id/findings/:findingId/actions': 'compliance-reviews.manage',
  'POST /api/v1/compliance-reviews/:id/complete': 'compliance-reviews.manage',
};
