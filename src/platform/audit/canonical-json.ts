// JSON with object keys sorted at every level, so a value hashes the same after a jsonb round trip
// (jsonb reorders keys) as it did when it was written.
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value === undefined ? null : JSON.parse(JSON.stringify(value))));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}
