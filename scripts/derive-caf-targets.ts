// Regenerates src/registers/frameworks/built-in/ncsc-caf-4.0-govassure-targets.json from the WebCAF's CAF 3.2
// and 4.0 files (co-cddo/domains-webcaf). Run it when either file changes; the product itself reads only the
// committed JSON, never the shared folder.
// Usage: npx tsx scripts/derive-caf-targets.ts [folder holding the two WebCAF files]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveGovAssureTargets } from '../src/registers/frameworks/formats/govassure.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const webcafDir = process.argv[2] ?? join(root, '../shared/frameworks/webcaf');
const output = join(root, 'src/registers/frameworks/built-in/ncsc-caf-4.0-govassure-targets.json');

function webcafFile(name: string) {
  return { path: `frameworks/${name}`, text: readFileSync(join(webcafDir, name), 'utf8') };
}

const derived = deriveGovAssureTargets(
  webcafFile('cyber-assessment-framework-v3.2.yaml'),
  webcafFile('cyber-assessment-framework-v4.0.yaml'),
);
writeFileSync(output, JSON.stringify(derived, null, 2) + '\n');
console.log(`Wrote ${output}: ${derived.targets.length} targets carried, ${derived.needingTarget.length} outcomes needing a target.`);
