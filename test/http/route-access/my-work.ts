// The access each my-work route declares (issue 13), merged into route-access.test.ts's table.
import type { RouteAccess } from '../../../src/access/http.ts';

export const MY_WORK_ROUTES: Record<string, RouteAccess> = {
  'GET /my-work': 'work.view-own',
  'GET /api/v1/my-work': 'work.view-own',
};
