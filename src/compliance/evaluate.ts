// Running the rules: the whole set (on a schedule, from the CLI, at first-run setup) or only the
// rules and records a committed change reaches. Each rule is applied in its own transaction so the
// app stays responsive on the embedded database; the run row records the whole.
import { auditActorOf, type Actor } from '../access/actor.ts';
import { authorize } from '../access/authorize.ts';
import type { Db, Tx } from '../database.ts';
import type { AuditTrail } from '../platform/audit/audit-trail.ts';
import { londonDate, type Clock } from '../platform/clock.ts';
import { isId } from '../platform/http/errors.ts';
import type { RunKind, RunSummary } from './entity.ts';
import { ComplianceRepository } from './repository.ts';
import type { ComplianceRule } from './rule.ts';
import { RULES } from './rules/index.ts';

/** A rule and the subjects to re-check: null for all of them. */
export interface RuleScope {
  readonly rule: ComplianceRule;
  readonly scope: readonly string[] | null;
}

export interface ChangedRecords {
  /** Record type → changed ids, or 'all' when some changed and the trail does not say which (an import). */
  readonly byType: ReadonlyMap<string, ReadonlySet<string> | 'all'>;
}

export class ComplianceEngine {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly rules: readonly ComplianceRule[] = RULES,
  ) {}

  /** Every rule over every record; recorded in the audit trail as one event. */
  async evaluate(actor: Actor, trigger: string): Promise<RunSummary> {
    authorize(actor, 'compliance.evaluate');
    const repository = new ComplianceRepository(this.db);
    // Everything committed before the run starts is in it: the watcher need not look at it again.
    const coveredUpTo = await repository.latestAuditSeq();
    const summary = await this.run('full', trigger, this.rules.map((rule) => ({ rule, scope: null })));
    if (coveredUpTo > (await repository.watchedSeq())) await repository.setWatchedSeq(coveredUpTo);
    await this.audit.write(this.db, async () => ({
      result: undefined,
      event: { actor: auditActorOf(actor), action: 'compliance.evaluated', recordType: 'compliance-run', recordId: summary.runId, metadata: { trigger, rules: summary.rules, findings: summary.findings, durationMs: summary.durationMs } },
    }));
    return summary;
  }

  /**
   * The rules a set of committed changes reaches, each scoped to the subjects they reach. A derived
   * refresh of findings (not a business operation), so it is kept as a run, not an audit event.
   */
  async reevaluate(changes: ChangedRecords, trigger = 'change'): Promise<RunSummary | null> {
    const scopes = await this.scopesFor(changes);
    if (scopes.length === 0) return null;
    return this.run('scoped', trigger, scopes);
  }

  async scopesFor(changes: ChangedRecords): Promise<RuleScope[]> {
    const repository = new ComplianceRepository(this.db);
    const underExceptions = await this.coverageReached(repository, changes);
    const scopes: RuleScope[] = [];
    for (const rule of this.rules) {
      let all = false;
      const subjects = new Set<string>(underExceptions.get(rule.id) ?? []);
      for (const [type, ids] of changes.byType) {
        const affects = rule.affectedBy[type];
        if (affects === undefined) continue;
        if (affects === 'all' || ids === 'all') {
          all = true;
          break;
        }
        if (affects === 'self') for (const id of ids) subjects.add(id);
        else for (const id of await repository.affectedSubjects(affects([...ids]))) subjects.add(id);
      }
      if (all) scopes.push({ rule, scope: null });
      else if (subjects.size > 0) scopes.push({ rule, scope: [...subjects] });
    }
    return scopes;
  }

  /**
   * Coverage is every rule's business: an exception decided, revoked or lapsed (or the risk behind it
   * accepted or no longer accepted) changes the findings it names, whichever rule raised them.
   */
  private async coverageReached(repository: ComplianceRepository, changes: ChangedRecords): Promise<Map<string, string[]>> {
    const exceptions = changes.byType.get('requirement-exception');
    const risks = changes.byType.get('risk');
    if (exceptions === undefined && risks === undefined) return new Map();
    const ids = (changed: ReadonlySet<string> | 'all' | undefined) => (changed === 'all' ? null : [...(changed ?? [])]);
    return repository.findingsUnderExceptions({ exceptionIds: ids(exceptions), riskIds: ids(risks) });
  }

  private async run(kind: RunKind, trigger: string, scopes: readonly RuleScope[]): Promise<RunSummary> {
    const started = this.clock.now();
    const startedMs = performance.now();
    const today = londonDate(started);
    const repository = new ComplianceRepository(this.db);
    const runId = await repository.startRun(kind, trigger, started);
    const apply = async (trx: Tx, ruleScopes: readonly RuleScope[]) => {
      const inTransaction = new ComplianceRepository(trx);
      await inTransaction.prepareWorkingTable(trx);
      for (const { rule, scope } of ruleScopes) await inTransaction.applyRule(trx, rule, { runId, today, now: started, scope, recordTotals: kind === 'full' });
    };
    if (kind === 'full') {
      // Each rule in its own transaction, so the embedded database answers requests between rules.
      for (const ruleScope of scopes) await this.db.transaction().execute((trx) => apply(trx, [ruleScope]));
    } else {
      // A few records each: one transaction for the lot costs less than a commit per rule.
      await this.db.transaction().execute((trx) => apply(trx, scopes));
    }
    // A full run reports where the rules' findings stand; a scoped one, only what it changed (counting
    // every finding of a rule would cost more than the re-check itself).
    const findings = kind === 'full' ? await repository.countFindings(scopes.map((s) => s.rule.id)) : await repository.countChanges(runId);
    const durationMs = Math.round(performance.now() - startedMs);
    await repository.finishRun(runId, { finishedAt: this.clock.now(), durationMs, rules: scopes.length, ...findings });
    return { runId, kind, rules: scopes.length, findings, durationMs };
  }
}

/** Audit events grouped as changes: an event without a record id (an import) counts as 'all'. */
export function changesFrom(events: ReadonlyArray<{ recordType: string | null; recordId: string | null }>): ChangedRecords {
  const byType = new Map<string, Set<string> | 'all'>();
  for (const event of events) {
    if (!event.recordType || event.recordType === 'compliance-run') continue;
    const known = byType.get(event.recordType) ?? new Set<string>();
    if (known === 'all') continue;
    if (event.recordId && isId(event.recordId)) byType.set(event.recordType, known.add(event.recordId));
    else byType.set(event.recordType, 'all');
  }
  return { byType };
}
