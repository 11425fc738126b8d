// A register's list filters as a query string carries them: the known names, as text, the empty ones
// left out; and back into a query string, for links that keep the filters. The risk and incident
// registers (their pages, CSV exports and APIs) read their filters through these.

/** The named filters of a query, as text (a boolean as yes or no), leaving out the empty ones. */
export function listParams<Name extends string>(names: readonly Name[], query: Readonly<Record<string, unknown>>): Partial<Record<Name, string>> {
  const params: Partial<Record<Name, string>> = {};
  for (const name of names) {
    const value = query[name];
    if (typeof value === 'boolean') params[name] = value ? 'yes' : 'no';
    else if (typeof value === 'number' || (typeof value === 'string' && value.trim() !== '')) params[name] = String(value).trim();
  }
  return params;
}

/** The query string of these filters (and any more), for links that keep them. */
export function queryOf(params: Readonly<Partial<Record<string, string>>>, more: Readonly<Record<string, string | number>> = {}): string {
  const entries = [...Object.entries(params), ...Object.entries(more).map(([k, v]) => [k, String(v)] as const)].filter(([, v]) => v !== undefined && v !== '') as Array<[string, string]>;
  return new URLSearchParams(entries).toString();
}
