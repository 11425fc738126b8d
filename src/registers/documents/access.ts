// Who may look after a document: the security team for its unit, or its owner (a member of staff who
// owns a document writes its new versions and answers its feedback without any wider access).
import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';

export function looksAfterDocument(actor: Actor, document: { readonly unit_id: string; readonly owner_person_id: string | null }): boolean {
  return can(actor, 'documents.manage', { unitId: document.unit_id }) || (actor.kind === 'person' && document.owner_person_id === actor.personId && can(actor, 'documents.draft', { unitId: document.unit_id }));
}
