// The home dashboards (issue 12): for a signed-in person, a section for each part they play: the
// security team (the department's posture and the queues that need it), an Information Asset Owner
// (their assets and the findings on them), a Technology Service Owner or SRO (their services'
// findings, risks awaiting their decision) and every member of staff (their own findings and
// actions). Each number is a link; each chart is server-side SVG with its numbers beside it.
import type { Actor, PersonActor } from '../access/actor.ts';
import { can, canAnywhere } from '../access/authorize.ts';
import { chart, type Chart } from '../platform/views/charts.ts';
import type { Services } from '../services.ts';
import { PostureRepository, type OwnedRecord, type PersonFinding } from './posture.repository.ts';
import { ruleById } from './rules/index.ts';
import type { Posture, TrendDay } from './posture.ts';

/** A headline number and where it leads. */
export interface Headline {
  readonly label: string;
  readonly value: string;
  readonly href: string;
}

export interface SecuritySection {
  readonly headlines: readonly Headline[];
  readonly trend: Chart | null;
  readonly bySeverity: Chart;
  readonly severityLinks: ReadonlyArray<{ severity: string; open: number; covered: number; href: string }>;
  readonly runAt: Date | null;
  readonly awaitingIco: ReadonlyArray<{ reference: string; title: string; dueAt: Date; overdue: boolean; href: string }>;
}

export interface Dashboard {
  readonly security: SecuritySection | null;
  readonly assets: readonly OwnedRecord[] | null;
  readonly services: { readonly records: readonly OwnedRecord[]; readonly decisions: ReadonlyArray<{ id: string; reference: string; title: string; unitName: string }> } | null;
  readonly staff: { readonly findings: ReadonlyArray<PersonFinding & { ruleTitle: string }>; readonly actions: ReadonlyArray<{ id: string; reference: string; title: string; dueOn: string; overdue: boolean }> };
}

const ROLE_NAMES: Readonly<Record<string, string>> = { 'information-asset-owner': 'Information Asset Owner', 'technology-service-owner': 'Technology Service Owner', 'senior-responsible-officer': 'Senior Responsible Officer' };
export const roleNames = (codes: readonly string[]) => codes.map((c) => ROLE_NAMES[c] ?? c).join(', ');

/** The security team's section: for those granted a department-wide reading role, not for appointees. */
function isSecurityReader(actor: PersonActor): boolean {
  return actor.grants.some((g) => g.role !== 'appointee' && g.role !== 'staff') && canAnywhere(actor, 'compliance.read');
}

const percentText = (percent: number | null) => (percent === null ? 'No checks yet' : `${percent.toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`);

/** A day as the chart's axis writes it: 2 Dec, with the year under the first. */
const dayCategory = (day: string, first: boolean) => {
  const date = new Date(`${day}T12:00:00Z`);
  const short = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return { label: date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }), axisLabel: short, axisSubLabel: first ? String(date.getUTCFullYear()) : '' };
};

export function trendCharts(trend: readonly TrendDay[], idPrefix: string): { percent: Chart; findings: Chart } | null {
  if (trend.length === 0) return null;
  const categories = trend.map((t, i) => dayCategory(t.day, i === 0));
  return {
    percent: chart({ id: `${idPrefix}-percent`, kind: 'line', title: 'Checks met, or covered by an exception in force', categories, categoryHeading: 'Day', valueHeading: 'Per cent', decimals: 1, series: [{ name: '% met', values: trend.map((t) => t.percent ?? 0) }] }),
    findings: chart({ id: `${idPrefix}-findings`, kind: 'line', title: 'Findings open and covered', categories, categoryHeading: 'Day', valueHeading: 'Findings', series: [{ name: 'Open', values: trend.map((t) => t.unmet) }, { name: 'Covered', values: trend.map((t) => t.covered) }] }),
  };
}

export function severityChart(posture: Posture, id: string): Chart {
  return chart({
    id,
    kind: 'column',
    title: 'Findings by severity',
    categories: posture.findings.bySeverity.map((s) => s.severity.charAt(0).toUpperCase() + s.severity.slice(1)),
    categoryHeading: 'Severity',
    valueHeading: 'Findings',
    series: [{ name: 'Open', values: posture.findings.bySeverity.map((s) => s.open) }, { name: 'Covered', values: posture.findings.bySeverity.map((s) => s.covered) }],
  });
}

async function securitySection(services: Services, actor: PersonActor): Promise<SecuritySection> {
  const [posture, trend, icoDeadlines, risks, overdue] = await Promise.all([
    services.posture.posture(actor),
    services.posture.trend(actor),
    canAnywhere(actor, 'incidents.read') ? services.incidents.icoDeadlines() : Promise.resolve([]),
    canAnywhere(actor, 'risks.read') ? services.risks.list(actor, { status: 'awaiting-decision' }, 1).then((r) => r.total) : Promise.resolve(null),
    canAnywhere(actor, 'actions.read') ? services.actions.list(actor, { overdue: true }).then((r) => r.total) : Promise.resolve(null),
  ]);
  // One deadline per holder of the deciding role: one line per incident here.
  const awaitingIco = [...new Map(icoDeadlines.map((d) => [d.recordId, { reference: d.reference, title: d.title, dueAt: d.dueAt, overdue: d.overdue, href: d.href }])).values()];
  const headlines: Headline[] = [
    { label: 'Open findings (unmet, no exception)', value: String(posture.findings.open), href: '/compliance/report' },
    { label: 'Findings covered by an exception in force', value: String(posture.findings.covered), href: '/compliance/report?status=covered' },
    { label: 'Checks met, or covered by an exception in force', value: percentText(posture.overall.percent), href: '/compliance' },
  ];
  if (canAnywhere(actor, 'incidents.read')) {
    headlines.push({ label: 'Incidents awaiting a decision on telling the ICO', value: String(awaitingIco.length), href: '#awaiting-ico' });
    headlines.push({ label: 'Of those, past their 72 hours', value: String(awaitingIco.filter((i) => i.overdue).length), href: '/incidents?icoOverdue=yes' });
  }
  if (risks !== null) headlines.push({ label: 'Risks awaiting a decision', value: String(risks), href: '/risks?status=awaiting-decision' });
  if (overdue !== null) headlines.push({ label: 'Overdue actions', value: String(overdue), href: '/actions?overdue=yes' });
  const charts = trendCharts(trend.slice(-30), 'home-trend');
  return {
    headlines,
    trend: charts?.percent ?? null,
    bySeverity: severityChart(posture, 'home-severity'),
    severityLinks: posture.findings.bySeverity.map((s) => ({ ...s, href: `/compliance/report?severity=${s.severity}` })),
    runAt: posture.run?.startedAt ?? null,
    awaitingIco,
  };
}

/** Everything the home page shows a signed-in person beyond the registers and the organisation. */
export async function dashboardFor(services: Services, actor: Actor): Promise<Dashboard | null> {
  if (actor.kind !== 'person') return null;
  const repository = new PostureRepository(services.context.db);
  const today = services.posture.today();
  const [security, assets, owned, decisions, findings, actions] = await Promise.all([
    isSecurityReader(actor) ? securitySection(services, actor) : Promise.resolve(null),
    repository.assetsOwnedBy(actor.personId, today),
    repository.servicesOwnedBy(actor.personId, today),
    can(actor, 'risks.accept') ? services.riskDecisions.queue(actor) : Promise.resolve([]),
    repository.findingsOf(actor.personId, 50),
    canAnywhere(actor, 'actions.edit-own') ? services.actions.mine(actor) : Promise.resolve([]),
  ]);
  return {
    security,
    assets: assets.length ? assets : null,
    services: owned.length || decisions.length ? { records: owned, decisions: decisions.map((r) => ({ id: r.id, reference: r.reference, title: r.title, unitName: r.unitName })) } : null,
    staff: {
      findings: findings.map((f) => ({ ...f, ruleTitle: ruleById(f.ruleId)?.title ?? f.ruleId })),
      actions: actions.map((a) => ({ id: a.id, reference: a.reference, title: a.title, dueOn: a.dueOn, overdue: a.overdue })),
    },
  };
}
