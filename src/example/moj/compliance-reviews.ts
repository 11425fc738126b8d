// The MoJ example's compliance-reviews (issue 13).
import type { Actor } from '../../access/actor.ts';
import type { Services } from '../../services.ts';

export async function loadExampleComplianceReviews(services: Services, actor: Actor): Promise<{ created: number; unchanged: number }> {
  void services;
  void actor;
  return { created: 0, unchanged: 0 };
}
