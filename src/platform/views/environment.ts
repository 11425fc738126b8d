// The Nunjucks environment: GOV.UK Frontend and MoJ Frontend macros, the shared layout, and each
// register's own views (looked up as "registers/<name>/views/<file>.njk" from src/).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nunjucks from 'nunjucks';
import { formatDate, formatDateTime } from './formats.ts';

const require = createRequire(import.meta.url);
const SRC = new URL('../../', import.meta.url).pathname;

export function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

export const VIEW_PATHS = [
  join(SRC, 'platform/views/templates'),
  SRC,
  join(packageDir('govuk-frontend'), 'dist'),
  packageDir('@ministryofjustice/frontend'),
];

export function createViewEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEW_PATHS, { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  env.addFilter('date', (value: unknown) => formatDate(value));
  env.addFilter('dateTime', (value: unknown) => formatDateTime(value));
  addKeptCharts(env);
  return env;
}

/**
 * `keptChart(chart)` draws a chart as `chart(chart)` does, once per chart object: for charts kept with
 * their data until the next write (the incident register's trend), whose three charts and tables were
 * about a quarter of the register page's rendering. A chart worked out afresh per request gains nothing.
 */
function addKeptCharts(env: nunjucks.Environment): void {
  const drawing = nunjucks.compile('{% from "_chart.njk" import chart %}{{ chart(kept) }}', env);
  const drawn = new WeakMap<object, nunjucks.runtime.SafeString>();
  env.addGlobal('keptChart', (chart: object) => {
    let html = drawn.get(chart);
    if (!html) drawn.set(chart, (html = new nunjucks.runtime.SafeString(drawing.render({ kept: chart }))));
    return html;
  });
}
