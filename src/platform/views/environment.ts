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
  return env;
}
