import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chart, formatValue, markerPath, niceStep, valueScale, type ChartInput } from './charts.ts';
import { createViewEnvironment } from './environment.ts';

const MONTHS = ['January 2026', 'February 2026', 'March 2026', 'April 2026'];
const line = (more: Partial<ChartInput> = {}): ChartInput => ({
  id: 'trend',
  kind: 'line',
  title: 'Reports per month',
  categories: MONTHS.map((label) => ({ label, axisLabel: label.slice(0, 3) })),
  series: [
    { name: 'Incidents', values: [2, 5, 0, 3] },
    { name: 'Near misses', values: [1, 1, 4, 0] },
  ],
  categoryHeading: 'Month',
  ...more,
});

describe('the value axis', () => {
  test('steps are 1, 2 or 5 times a power of ten', () => {
    assert.deepEqual([0.3, 1, 1.5, 3, 7, 12, 45, 240].map(niceStep), [0.5, 1, 2, 5, 10, 20, 50, 500]);
  });

  test('the axis starts at zero and ends on a whole step at or above the highest value, in at most six ticks', () => {
    assert.deepEqual(valueScale([2, 5, 0, 3]).ticks, [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(valueScale([7, 23]).ticks, [0, 5, 10, 15, 20, 25]);
    assert.deepEqual(valueScale([130]).ticks, [0, 50, 100, 150]);
    for (const values of [[1], [9], [17], [99], [1234], [0.4]]) assert.ok(valueScale(values, 1).ticks.length <= 6, `${values[0]}: ${valueScale(values, 1).ticks.join(',')}`);
  });

  test('counts never get a fractional step; measures with decimals may', () => {
    assert.deepEqual(valueScale([1, 2]).ticks, [0, 1, 2]);
    assert.deepEqual(valueScale([0.8], 1).ticks, [0, 0.2, 0.4, 0.6, 0.8]);
  });

  test('nothing but zeros (or nothing at all) still has an axis from 0 to 1', () => {
    assert.deepEqual(valueScale([0, 0]).ticks, [0, 1]);
    assert.deepEqual(valueScale([]).ticks, [0, 1]);
  });

  test('negative values widen the axis below zero', () => {
    const scale = valueScale([-3, 4]);
    assert.equal(scale.min, -4);
    assert.equal(scale.max, 4);
  });

  test('numbers are written with thousands separated and the digits asked for', () => {
    assert.equal(formatValue(12345), '12,345');
    assert.equal(formatValue(2.25, 1), '2.3');
    assert.equal(formatValue(3, 1), '3.0');
  });
});

describe('a line chart', () => {
  const c = chart(line());

  test('each category sits at the centre of its band, left to right inside the plot', () => {
    const xs = c.categories.map((cat) => cat.x);
    assert.ok(xs.every((x, i) => i === 0 || x > xs[i - 1]!), 'left to right');
    const gaps = xs.slice(1).map((x, i) => x - xs[i]!);
    assert.ok(gaps.every((g) => Math.abs(g - gaps[0]!) < 0.02), 'evenly spaced');
    assert.ok(xs[0]! - c.plot.left > 0 && c.plot.right - xs[xs.length - 1]! > 0, 'inside the plot');
    assert.ok(Math.abs(xs[0]! - c.plot.left - (c.plot.right - xs[xs.length - 1]!)) < 0.02, 'half a band either side');
  });

  test('a value’s height is in proportion: zero on the baseline, the axis maximum at the top of the plot', () => {
    const incidents = c.series[0]!;
    assert.equal(incidents.points[2]!.y, c.baseline);
    assert.equal(c.baseline, c.plot.bottom);
    assert.equal(incidents.points[1]!.y, c.plot.top, '5 is the top of a 0–5 axis');
    const ratio = (c.plot.bottom - incidents.points[0]!.y) / (c.plot.bottom - incidents.points[3]!.y);
    assert.ok(Math.abs(ratio - 2 / 3) < 0.01, `2 is two thirds of 3: ${ratio}`);
    assert.deepEqual(c.yTicks.map((t) => t.label), ['0', '1', '2', '3', '4', '5']);
    assert.ok(c.yTicks.every((t, i) => i === 0 || t.y < c.yTicks[i - 1]!.y), 'ticks climb the axis');
  });

  test('the line goes through every point; each series has its own style and marker', () => {
    const incidents = c.series[0]!;
    assert.equal(incidents.linePath, incidents.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(''));
    assert.deepEqual(c.series.map((s) => s.style), [1, 2]);
    assert.notEqual(markerPath(1, 0, 0).replace(/[\d.-]+/g, ''), markerPath(2, 0, 0).replace(/[\d.-]+/g, ''), 'different shapes');
    assert.equal((incidents.markerPath.match(/M/g) ?? []).length, 4, 'a marker per point');
    assert.equal(c.series[0]!.bars.length, 0, 'no bars on a line chart');
  });

  test('the legend names each series above the plot; the axis uses the short labels', () => {
    assert.deepEqual(c.legend.map((l) => l.name), ['Incidents', 'Near misses']);
    assert.ok(c.legend.every((l) => l.y < c.plot.top));
    assert.ok(c.legend[1]!.x > c.legend[0]!.textX, 'side by side');
    assert.deepEqual(c.categories.map((cat) => cat.axisLabel), ['Jan', 'Feb', 'Mar', 'Apr']);
    assert.ok(c.categories.every((cat) => cat.labelled));
  });

  test('the table has a row per category and a column per series; the description sums up each series', () => {
    assert.deepEqual(c.table.headings, ['Month', 'Incidents', 'Near misses']);
    assert.deepEqual(c.table.rows[1], { category: 'February 2026', cells: ['5', '1'] });
    assert.equal(c.table.totals, null);
    assert.equal(c.description, 'Line chart: Reports per month, January 2026 to April 2026. Incidents: 10 in all, the most 5 in February 2026; Near misses: 6 in all, the most 4 in March 2026. The table gives every value.');
  });

  test('a table of up to three columns sits beside the chart, which is drawn as wide as its column; a wider one goes below', () => {
    assert.equal(c.layout, 'beside');
    assert.equal(c.width, 620);
    const below = chart(line({ totals: true }));
    assert.equal(below.layout, 'below');
    assert.equal(below.width, 940);
    assert.equal(chart(line({ width: 500 })).width, 500, 'unless told');
  });

  test('the year under the first month makes room below the axis', () => {
    const plain = chart(line({ categories: MONTHS }));
    const years = chart(line({ categories: MONTHS.map((label, i) => ({ label, axisLabel: label.slice(0, 3), axisSubLabel: i === 0 ? '2026' : '' })) }));
    assert.ok(years.plot.bottom < plain.plot.bottom);
    assert.deepEqual(years.categories.map((cat) => cat.axisSubLabel), ['2026', '', '', '']);
  });

  test('a crowded axis labels every second or third category; the table still has them all', () => {
    const months = Array.from({ length: 36 }, (_, i) => `Month number ${i + 1}`);
    const crowded = chart({ ...line(), categories: months, series: [{ name: 'Incidents', values: months.map((_, i) => i) }] });
    const labelled = crowded.categories.filter((cat) => cat.labelled);
    assert.ok(labelled.length < months.length && labelled.length > 1);
    assert.ok(labelled.every((cat, i) => i === 0 || cat.x - labelled[i - 1]!.x >= 'Month number 36'.length * 7), 'labels do not overlap');
    assert.equal(crowded.table.rows.length, 36);
  });

  test('a long legend wraps onto more rows and the plot moves down to make room', () => {
    const many = chart({ ...line(), series: ['Confidentiality breach', 'Integrity breach', 'Availability loss', 'Lost or stolen device', 'Misdirected email', 'Other'].map((name) => ({ name, values: [1, 2, 3, 4] })) });
    const rows = new Set(many.legend.map((l) => l.y));
    assert.ok(rows.size > 1, 'more than one row');
    assert.ok(many.plot.top > c.plot.top);
    assert.ok(many.legend.every((l) => l.textX < many.width), 'every name starts inside the chart');
  });
});

describe('a column chart', () => {
  const c = chart(line({ kind: 'column', id: 'by-agency', totals: true }));

  test('each category has a group of bars, one per series, side by side inside its band', () => {
    const [incidents, nearMisses] = c.series;
    assert.equal(incidents!.bars.length, 4);
    const band = (c.plot.right - c.plot.left) / 4;
    for (let i = 0; i < 4; i++) {
      const a = incidents!.bars[i]!;
      const b = nearMisses!.bars[i]!;
      assert.ok(a.left + a.width <= b.left, 'the second series to the right of the first');
      assert.ok(a.left >= c.plot.left + band * i && b.left + b.width <= c.plot.left + band * (i + 1) + 0.01, 'inside the band');
    }
  });

  test('a bar stands on the baseline and its height is in proportion to its value', () => {
    const bars = c.series[0]!.bars;
    assert.ok(bars.every((b) => Math.abs(b.top + b.height - c.baseline) < 0.02));
    assert.equal(bars[2]!.height, 0);
    assert.ok(Math.abs(bars[0]!.height / bars[1]!.height - 2 / 5) < 0.01);
  });

  test('the first series is solid, the others patterned; the table has totals', () => {
    assert.deepEqual(c.series.map((s) => s.fill), ['currentColor', 'url(#by-agency-fill-2)']);
    assert.deepEqual(c.table.headings, ['Month', 'Incidents', 'Near misses', 'Total']);
    assert.deepEqual(c.table.rows[0]!.cells, ['2', '1', '3']);
    assert.deepEqual(c.table.totals, ['10', '6', '16']);
  });

  test('an empty chart says there is nothing to show', () => {
    const empty = chart({ ...line(), categories: [], series: [] });
    assert.match(empty.description, /There is nothing to show/);
    assert.deepEqual(empty.table.rows, []);
  });
});

describe('the partial', () => {
  const env = createViewEnvironment();
  const render = (c: ReturnType<typeof chart>) => env.renderString('{% from "_chart.njk" import chart %}{{ chart(c) }}', { c });

  test('draws an SVG image named by its title and described, with the same numbers in a table, and no inline style', () => {
    const html = render(chart(line()));
    assert.match(html, /<svg class="custodian-chart__svg custodian-chart--line" role="img" aria-labelledby="trend-title" aria-describedby="trend-description"/);
    assert.match(html, /<title id="trend-title">Reports per month<\/title>/);
    assert.match(html, /<desc id="trend-description">Line chart: Reports per month/);
    assert.match(html, /<caption class="govuk-table__caption govuk-table__caption--s">Reports per month<\/caption>/);
    assert.match(html, /<th scope="row" class="govuk-table__header">March 2026<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">0<\/td><td class="govuk-table__cell govuk-table__cell--numeric">4<\/td>/);
    assert.match(html, /class="custodian-chart__line custodian-chart__series--2"/);
    assert.doesNotMatch(html, /style=/);
  });

  test('a column chart defines its patterns and fills its bars with them', () => {
    const html = render(chart(line({ kind: 'column', id: 'by-agency' })));
    assert.match(html, /<pattern id="by-agency-fill-2"/);
    assert.match(html, /<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="url\(#by-agency-fill-2\)" class="custodian-chart__bar custodian-chart__series--2"\/>/);
    assert.doesNotMatch(html, /style=/);
  });
});
