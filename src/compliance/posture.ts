// Posture: compliance by unit, requirement, framework and register, its trend, and as it stood on a
// past date (issue 12). Every number is read from a full run's results (compliance_run_results: per
// rule and unit, the records checked, failing and covered), so a unit's posture and a past date's
// posture are the same sum over a different run or set of units. A check counts as met when the
// record passes, or when its failure is covered by an exception in force (DECISIONS.md, Coverage).
import type { Actor } from '../access/actor.ts';
import { authorize, can, canAnywhere, unitsWhere } from '../access/authorize.ts';
import type { Db } from '../database.ts';
import { addDays, isRealDate, londonDate, londonMidnight, type Clock } from '../platform/clock.ts';
import { validationFailed, type FieldProblem } from '../platform/http/errors.ts';
import { compareVersions, type FrameworkService } from '../registers/frameworks/service.ts';
import type { FindingStatus, Severity } from './entity.ts';
import { PostureRepository, type FindingAsAt, type RuleTotals, type RunRow, type TrendPoint, type UnitChoice } from './posture.repository.ts';
import type { ComplianceRule } from './rule.ts';
import { RULES } from './rules/index.ts';

/** How many days of full runs the trend shows. */
export const TREND_DAYS = 90;
const FINDINGS_LISTED = 200;

export interface Totals {
  readonly checked: number;
  /** Failing and not covered. */
  readonly unmet: number;
  /** Failing, covered by an exception in force. */
  readonly covered: number;
  /** Passing, or covered: the checks that count as met. */
  readonly met: number;
  /** met ÷ checked, to one decimal place; null when nothing was checked. */
  readonly percent: number | null;
}

export interface RuleResult extends Totals {
  readonly rule: ComplianceRule;
}

export interface PostureGroup extends Totals {
  /** The requirement key, register name or framework outcome key. */
  readonly key: string;
  readonly text: string;
  readonly rules: readonly RuleResult[];
}

export interface FrameworkOutcome extends PostureGroup {
  /** The outcome's page in the frameworks register, when the framework is loaded. */
  readonly href: string | null;
  /** Controls mapped to the outcome (directly or through a mapping set), from the frameworks register. */
  readonly controls: readonly string[];
}

export interface FrameworkPosture extends Totals {
  readonly code: string;
  readonly name: string;
  readonly frameworkId: string | null;
  readonly outcomes: readonly FrameworkOutcome[];
  /** The frameworks register's control coverage: assessable requirements with an implemented control. */
  readonly controlCoverage: { readonly total: number; readonly covered: number } | null;
}

export interface PostureFilter {
  /** A unit's code: that unit and every unit below it. */
  readonly unit?: string | undefined;
  /** A past date, YYYY-MM-DD: the posture as it stood at the end of it. */
  readonly asAt?: string | undefined;
}

export interface Posture {
  readonly unit: UnitChoice | null;
  /** The units the numbers cover: null for the whole department. */
  readonly units: readonly string[] | null;
  readonly asAt: string | null;
  /** The full run the numbers are read from; null when there was none (yet, or by that date). */
  readonly run: RunRow | null;
  readonly firstRun: RunRow | null;
  readonly overall: Totals;
  readonly byRule: readonly RuleResult[];
  readonly byRequirement: readonly PostureGroup[];
  readonly byRegister: readonly PostureGroup[];
  /** Findings open and covered now, or as they stood at the end of asAt. */
  readonly findings: { readonly open: number; readonly covered: number; readonly bySeverity: ReadonlyArray<{ severity: Severity; open: number; covered: number }> };
  /** The findings as they stood on asAt (null for today: the report lists today's). */
  readonly findingsAsAt: readonly FindingAsAt[] | null;
}

export interface TrendDay extends Totals {
  readonly day: string;
}

export const percentMet = (checked: number, met: number): number | null => (checked === 0 ? null : Math.round((met * 1000) / checked) / 10);

export function totalsOf(parts: ReadonlyArray<{ checked: number; failing: number; covered: number }>): Totals {
  const checked = parts.reduce((n, p) => n + p.checked, 0);
  const failing = parts.reduce((n, p) => n + p.failing, 0);
  const covered = parts.reduce((n, p) => n + p.covered, 0);
  const met = checked - failing + covered;
  return { checked, unmet: failing - covered, covered, met, percent: percentMet(checked, met) };
}

const sumResults = (results: readonly RuleResult[]): Totals => totalsOf(results.map((r) => ({ checked: r.checked, failing: r.unmet + r.covered, covered: r.covered })));

function groupBy(results: readonly RuleResult[], keysOf: (rule: ComplianceRule) => readonly string[], textOf: (key: string) => string): PostureGroup[] {
  const groups = new Map<string, RuleResult[]>();
  for (const result of results) for (const key of keysOf(result.rule)) groups.set(key, [...(groups.get(key) ?? []), result]);
  return [...groups].map(([key, rules]) => ({ key, text: textOf(key), rules, ...sumResults(rules) })).sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
}

/** `ncsc-caf:A3.a` → ['ncsc-caf', 'A3.a']. */
const splitKey = (key: string): [string, string] => {
  const colon = key.indexOf(':');
  return colon === -1 ? ['', key] : [key.slice(0, colon), key.slice(colon + 1)];
};

export const REGISTER_NAMES: Readonly<Record<string, string>> = {
  'information-assets': 'Information assets',
  'technology-services': 'Technology services',
  controls: 'Controls',
  suppliers: 'Suppliers',
  risks: 'Risks',
  documents: 'Policy library',
  people: 'People',
  training: 'Training',
  'continuity-plans': 'Continuity plans',
  incidents: 'Incidents',
  appointments: 'Appointments',
  'organisation-units': 'Organisation',
};

export class PostureService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    private readonly rules: readonly ComplianceRule[] = RULES,
  ) {}

  /** Compliance readers see their own units: a grant anywhere lets them in, the scope narrows what they see. */
  private mayRead(actor: Actor): void {
    if (!canAnywhere(actor, 'compliance.read')) authorize(actor, 'compliance.read');
  }

  private get repository() {
    return new PostureRepository(this.db);
  }

  today(): string {
    return londonDate(this.clock.now());
  }

  /** The units the actor may read compliance for, for the unit filter. */
  async unitChoices(actor: Actor): Promise<UnitChoice[]> {
    this.mayRead(actor);
    return (await this.repository.units()).filter((u) => can(actor, 'compliance.read', { unitId: u.id }));
  }

  /** The units a filter reaches, limited to those the actor may read: null for the whole department. */
  async scope(actor: Actor, unitCode: string | undefined): Promise<{ unit: UnitChoice | null; units: readonly string[] | null; problems: FieldProblem[] }> {
    this.mayRead(actor);
    const readable = unitsWhere(actor, 'compliance.read');
    const code = unitCode?.trim().toUpperCase() ?? '';
    if (code === '') return { unit: null, units: readable === 'all' ? null : readable, problems: [] };
    const unit = (await this.repository.units()).find((u) => u.code.toUpperCase() === code);
    if (!unit || !can(actor, 'compliance.read', { unitId: unit.id })) return { unit: null, units: readable === 'all' ? null : readable, problems: [{ field: 'unit', message: `Choose a unit from the list: there is no unit ${code} you may see` }] };
    const below = await this.repository.subtree(unit.id);
    return { unit, units: readable === 'all' ? below : below.filter((id) => readable.includes(id)), problems: [] };
  }

  /** The posture now (the last full run) or at the end of a past date, for the whole department or a unit. */
  async posture(actor: Actor, filter: PostureFilter = {}): Promise<Posture> {
    const { unit, units, problems } = await this.scope(actor, filter.unit);
    const asAt = filter.asAt?.trim() || null;
    if (asAt !== null) {
      if (!isRealDate(asAt)) problems.push({ field: 'asAt', message: 'Enter the date as YYYY-MM-DD, such as 2026-03-31' });
      else if (asAt > this.today()) problems.push({ field: 'asAt', message: 'The date must be today or in the past' });
    }
    if (problems.length) throw validationFailed(problems);
    const repository = this.repository;
    const end = asAt === null ? undefined : londonMidnight(addDays(asAt, 1));
    const [run, firstRun] = await Promise.all([repository.lastFullRun(end), repository.firstFullRun()]);
    const byRule = run ? this.ruleResults(await repository.ruleTotals(run.id, units)) : [];
    const texts = await repository.requirementTexts([...new Set(this.rules.map((r) => r.requirement))]);
    const standing = end ? await repository.findingsAsAt(end, units, FINDINGS_LISTED) : { counts: await repository.currentCounts(units), findings: null };
    return {
      unit,
      units,
      asAt,
      run: run ?? null,
      firstRun: firstRun ?? null,
      overall: sumResults(byRule),
      byRule,
      byRequirement: groupBy(byRule, (rule) => [rule.requirement], (key) => texts.get(key) ?? ''),
      byRegister: groupBy(byRule, (rule) => [rule.register], (key) => REGISTER_NAMES[key] ?? key),
      findings: this.findingCounts(standing.counts),
      findingsAsAt: standing.findings,
    };
  }

  /** % met and the findings open and covered, one point a day (the day's last full run). */
  async trend(actor: Actor, unitCode?: string): Promise<TrendDay[]> {
    const { units, problems } = await this.scope(actor, unitCode);
    if (problems.length) throw validationFailed(problems);
    return (await this.repository.dailyTrend(units, TREND_DAYS)).map((p: TrendPoint) => ({ day: p.day, ...totalsOf([p]) }));
  }

  async runs(actor: Actor, limit = 50): Promise<RunRow[]> {
    this.mayRead(actor);
    return this.repository.recentRuns(limit);
  }

  async run(actor: Actor, id: string): Promise<RunRow | undefined> {
    this.mayRead(actor);
    return this.repository.run(id);
  }

  /**
   * Posture by framework: for each framework a rule's alsoEvidences names, each outcome with the rules
   * evidencing it and their results, beside the controls the frameworks register maps to it and its
   * control coverage (read through FrameworkService, not derived again here).
   */
  async byFramework(actor: Actor, posture: Posture, frameworks: Pick<FrameworkService, 'list' | 'requirements' | 'coverage'>): Promise<FrameworkPosture[]> {
    const codes = [...new Set(this.rules.flatMap((r) => r.alsoEvidences.map((key) => splitKey(key)[0])))].filter((c) => c !== '').sort();
    const loaded = can(actor, 'frameworks.read') ? await frameworks.list(actor) : [];
    const result: FrameworkPosture[] = [];
    for (const code of codes) {
      const framework = loaded.filter((f) => f.code === code).sort((a, b) => compareVersions(b.version, a.version))[0];
      const [requirements, coverage] = framework ? await Promise.all([frameworks.requirements(actor, framework.id), frameworks.coverage(actor, framework.id)]) : [[], null];
      const byKey = new Map(requirements.map((r) => [r.key, r]));
      // Frameworks map controls to the indicators under an outcome as often as to the outcome itself.
      const byId = new Map(requirements.map((r) => [r.id, r]));
      const children = new Map<string, typeof requirements>();
      for (const r of requirements) if (r.parentId) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
      const controlsUnder = (id: string): string[] => {
        const r = byId.get(id);
        const own = r ? [...r.controls, ...r.throughMappings].map((c) => c.controlCode) : [];
        return [...own, ...(children.get(id) ?? []).flatMap((child) => controlsUnder(child.id))];
      };
      const outcomes = groupBy(
        posture.byRule,
        (rule) => rule.alsoEvidences.filter((key) => splitKey(key)[0] === code).map((key) => splitKey(key)[1]),
        (key) => byKey.get(key)?.title || byKey.get(key)?.text || '',
      ).map((group): FrameworkOutcome => {
        const requirement = byKey.get(group.key);
        const controls = requirement ? controlsUnder(requirement.id) : [];
        return { ...group, href: framework && requirement ? `/frameworks/${framework.id}/requirements/${requirement.id}` : null, controls: [...new Set(controls)].sort() };
      });
      const distinctRules = [...new Map(outcomes.flatMap((o) => o.rules).map((r) => [r.rule.id, r])).values()];
      result.push({ code, name: framework ? `${framework.name} ${framework.version}` : code, frameworkId: framework?.id ?? null, outcomes, controlCoverage: coverage ? { total: coverage.total, covered: coverage.covered } : null, ...sumResults(distinctRules) });
    }
    return result;
  }

  private ruleResults(totals: readonly RuleTotals[]): RuleResult[] {
    const byId = new Map(totals.map((t) => [t.ruleId, t]));
    // Every rule that took part in the run; a rule added since shows no numbers rather than a zero.
    return this.rules.filter((rule) => byId.has(rule.id)).map((rule) => ({ rule, ...totalsOf([byId.get(rule.id)!]) }));
  }

  private findingCounts(counts: ReadonlyArray<{ ruleId: string; status: FindingStatus; n: number }>): Posture['findings'] {
    const severityOf = new Map(this.rules.map((r) => [r.id, r.severity]));
    const bySeverity = (['high', 'medium', 'low'] as const).map((severity) => {
      const of = (status: FindingStatus) => counts.filter((c) => c.status === status && severityOf.get(c.ruleId) === severity).reduce((n, c) => n + c.n, 0);
      return { severity, open: of('open'), covered: of('covered') };
    });
    const all = (status: FindingStatus) => counts.filter((c) => c.status === status).reduce((n, c) => n + c.n, 0);
    return { open: all('open'), covered: all('covered'), bySeverity };
  }
}
