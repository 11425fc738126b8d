// The register's charts and timings in words: incidents and near misses per month, the same by agency
// and by category, and the time to triage and to close. Laid out by the platform's charts, drawn on the
// server as SVG with a table of the same numbers.
import { chart, type Chart, type ChartCategory, type ChartSeriesInput } from '../../platform/views/charts.ts';
import type { IncidentTimings, IncidentTrend, TimingStatistics, TrendSeries } from './entity.ts';

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const SHORT_MONTH = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });
/** More agencies than this are shown as the largest ones and "Other agencies", so each line keeps a style of its own. */
const MOST_AGENCIES = 5;

/** Months ('YYYY-MM') as the axis shows them: "Nov", with the year under the first month and each January. */
export function monthCategories(months: readonly string[]): ChartCategory[] {
  return months.map((month, i) => {
    const at = new Date(`${month}-01T00:00:00Z`);
    return { label: MONTH.format(at), axisLabel: SHORT_MONTH.format(at), axisSubLabel: i === 0 || month.endsWith('-01') ? month.slice(0, 4) : '' };
  });
}

/** The largest series by total, and the rest added together as one. */
function largest(series: readonly TrendSeries[], most: number, otherName: string): ChartSeriesInput[] {
  const sorted = [...series].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
  if (sorted.length <= most + 1) return sorted.map((s) => ({ name: s.label, values: s.counts }));
  const rest = sorted.slice(most);
  const other = rest[0]!.counts.map((_, i) => rest.reduce((sum, s) => sum + (s.counts[i] ?? 0), 0));
  return [...sorted.slice(0, most).map((s) => ({ name: s.label, values: s.counts })), { name: otherName, values: other }];
}

type TrendCharts = { reports: Chart; byAgency: Chart; byCategory: Chart };

// A trend is kept until the next write (IncidentViews), so its charts are kept with it: laying out three
// charts cost about 1.5 ms of every page of the register.
const CHARTS_OF = new WeakMap<IncidentTrend, TrendCharts>();

export function trendCharts(trend: IncidentTrend): TrendCharts {
  let charts = CHARTS_OF.get(trend);
  if (!charts) CHARTS_OF.set(trend, (charts = layOutTrendCharts(trend)));
  return charts;
}

function layOutTrendCharts(trend: IncidentTrend): TrendCharts {
  const categories = monthCategories(trend.months);
  const common = { categories, categoryHeading: 'Month' } as const;
  return {
    reports: chart({ ...common, id: 'chart-reports', kind: 'line', title: 'Incidents and near misses reported each month', series: [{ name: 'Incidents', values: trend.incidents }, { name: 'Near misses', values: trend.nearMisses }] }),
    byAgency: chart({ ...common, id: 'chart-agencies', kind: 'line', title: 'Incidents and near misses each month, by agency', series: largest(trend.byAgency, MOST_AGENCIES, 'Other agencies'), totals: true }),
    byCategory: chart({ ...common, id: 'chart-categories', kind: 'column', title: 'Incidents and near misses each month, by category', series: trend.byCategory.map((s) => ({ name: s.label, values: s.counts })), totals: true }),
  };
}

/** A duration in hours as a person reads it: hours up to two days, days after. */
export function duration(hours: number | null): string {
  if (hours === null) return 'None yet';
  if (hours < 1) return 'less than an hour';
  if (hours < 48) {
    const rounded = Math.round(hours * 10) / 10;
    return `${rounded} ${rounded === 1 ? 'hour' : 'hours'}`;
  }
  const days = Math.round((hours / 24) * 10) / 10;
  return `${days} days`;
}

const timingText = (t: TimingStatistics, what: string) =>
  t.count === 0 ? `No ${what} yet` : `Median ${duration(t.medianHours)}; 9 in 10 within ${duration(t.p90Hours)} (${t.count} ${t.count === 1 ? 'incident' : 'incidents'})`;

/** The timings as summary-list rows. */
export function timingRows(timings: IncidentTimings) {
  return [
    { key: { text: 'Time to triage' }, value: { text: timingText(timings.triage, 'incident has been triaged') } },
    { key: { text: 'Time to close' }, value: { text: timingText(timings.close, 'incident has been closed') } },
  ];
}
