// The access each compliance-reviews route declares (issue 13), merged into route-access.test.ts's table.
import type { RouteAccess } from '../../../src/access/http.ts';

export const COMPLIANCE_REVIEW_ROUTES: Record<string, RouteAccess> = {};
