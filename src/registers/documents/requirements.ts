// A published version's statements become requirements in the one requirements model (DECISIONS):
// carried on under the same key where they match a requirement of the version before, new keys for
// new statements, and the rest retired, visibly.
import type { DocumentRepository } from './repository.ts';
import { matchStatements } from './statement-matching.ts';

export interface LocatedStatement {
  readonly text: string;
  readonly ref: string | null;
  readonly modality: string;
  readonly actor: string | null;
  readonly line: number;
}

export async function recordStatements(repo: DocumentRepository, documentId: string, prefix: string, versionId: string, located: readonly LocatedStatement[], now: Date): Promise<void> {
  // A key with the document's own prefix was assigned here; any other key is the statement's own ID.
  const existing = (await repo.activeRequirements(documentId)).map((r) => ({ id: r.id, key: r.key, text: r.text, ref: r.key.startsWith(`${prefix}-`) ? null : r.key }));
  const { matches, retired } = matchStatements(existing, located);
  let next = await repo.nextKeyNumber(prefix);
  for (const match of matches) {
    const statement = located[match.statement]!;
    let requirementId = match.requirementId;
    if (requirementId) {
      await repo.restateRequirement(requirementId, statement, versionId, now);
    } else {
      let key = statement.ref && !(await repo.keyTaken(statement.ref)) ? statement.ref : `${prefix}-${String(next++).padStart(3, '0')}`;
      while (await repo.keyTaken(key)) key = `${prefix}-${String(next++).padStart(3, '0')}`;
      requirementId = await repo.insertRequirement({ key, documentId, statement, versionId });
    }
    await repo.insertVersionStatement({ versionId, requirementId, position: match.statement + 1, line: statement.line, text: statement.text });
  }
  await repo.retireRequirements(retired, now);
}
