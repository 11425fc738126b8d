// The access each caf-assessments route declares (issue 13), merged into route-access.test.ts's table.
import type { RouteAccess } from '../../../src/access/http.ts';

export const CAF_ASSESSMENT_ROUTES: Record<string, RouteAccess> = {};
