// Changes to the classification vocabulary, which is data a department may adjust. For now a new
// descriptor may be added; tiers, handling instructions and their rules change by migration, because
// assets already classified depend on them.
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { insertDescriptor } from './descriptor.repository.ts';
import { loadClassificationVocabulary } from './vocabulary.repository.ts';

const CODE = /^[A-Z][A-Z0-9 /&'-]{1,38}[A-Z0-9]$/;

export class ClassificationVocabularyService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
  ) {}

  /** Adds a descriptor at the end of the vocabulary's order. The vocabulary holds for the whole department. */
  async addDescriptor(actor: Actor, input: { code: string; label: string }, requestId?: string): Promise<void> {
    authorize(actor, 'assets.manage');
    const code = input.code.trim().toUpperCase().replace(/\s+/g, ' ');
    const label = input.label.trim();
    const vocabulary = await loadClassificationVocabulary(this.db);
    const problems: FieldProblem[] = [];
    if (!CODE.test(code) || code.includes(' - ')) problems.push({ field: 'code', message: 'Enter the descriptor as it is written in a label, 3 to 40 capital letters, digits, spaces or / & \' -, such as POLICY SENSITIVE' });
    else if ([...vocabulary.tiers, ...vocabulary.instructions, ...vocabulary.descriptors].some((v) => v.code === code) || code.endsWith('-SENSITIVE')) problems.push({ field: 'code', message: `${code} is already in the vocabulary: choose another name` });
    if (label === '' || label.length > 100) problems.push({ field: 'label', message: 'Enter what the descriptor means, up to 100 characters' });
    if (problems.length > 0) throw validationFailed(problems);
    await this.audit.write(this.db, async (trx) => {
      await insertDescriptor(trx, code, label);
      return { result: undefined, event: { actor: auditActorOf(actor), action: 'classification-descriptor.added', recordType: 'classification-descriptor', metadata: { code, label }, ...(requestId ? { requestId } : {}) } };
    });
  }
}
