#!/usr/bin/env node
// Fails when a runtime dependency is licensed under the GPL or AGPL (the LGPL is allowed), so a
// copyleft licence cannot reach the shipped service unnoticed. Walks the installed tree from
// package.json's dependencies the way Node resolves them; dev dependencies are not shipped and
// are not checked. No dependencies of its own: run it right after `npm ci`.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = realpathSync(new URL('..', import.meta.url).pathname);

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The folder of `name` as Node would find it from `fromDir`: its node_modules, then each parent's. */
function resolvePackage(fromDir, name) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/** The licence as the package declares it: an SPDX expression, or the old `licenses` array. */
function declaredLicence(pkg) {
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license && typeof pkg.license.type === 'string') return pkg.license.type;
  if (Array.isArray(pkg.licenses)) {
    const types = pkg.licenses.map((l) => (typeof l === 'string' ? l : l && l.type)).filter(Boolean);
    // The old array listed licences to choose from.
    if (types.length > 0) return types.length === 1 ? types[0] : `(${types.join(' OR ')})`;
  }
  return undefined;
}

/** One licence name: GPL or AGPL in any spelling, but not the LGPL (Lesser/Library). */
function isGplFamily(name) {
  const upper = name.toUpperCase();
  if (/LGPL|LESSER|LIBRARY GENERAL/.test(upper)) return false;
  return /(^|[^A-Z])A?GPL/.test(upper) || /GENERAL PUBLIC LICEN[CS]E/.test(upper);
}

/**
 * Whether an SPDX expression can be used without the GPL: `A OR B` needs one acceptable side,
 * `A AND B` needs both; `WITH exception` keeps the licence it qualifies.
 */
function acceptable(expression) {
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? [];
  let at = 0;
  const peek = () => tokens[at]?.toUpperCase();
  const parseAtom = () => {
    if (peek() === '(') {
      at += 1;
      const inner = parseOr();
      if (peek() === ')') at += 1;
      return inner;
    }
    const words = [];
    while (at < tokens.length && !['AND', 'OR', ')', '('].includes(peek())) {
      words.push(tokens[at]);
      at += 1;
    }
    const name = words.join(' ').split(/\s+WITH\s+/i)[0] ?? '';
    return !isGplFamily(name);
  };
  const parseAnd = () => {
    let ok = parseAtom();
    while (peek() === 'AND') {
      at += 1;
      ok = parseAtom() && ok;
    }
    return ok;
  };
  const parseOr = () => {
    let ok = parseAnd();
    while (peek() === 'OR') {
      at += 1;
      ok = parseAnd() || ok;
    }
    return ok;
  };
  return parseOr();
}

const rootPkg = readJson(join(root, 'package.json'));
const seen = new Map(); // real folder -> { name, version, licence }
const missing = [];
const queue = Object.keys(rootPkg.dependencies ?? {}).map((name) => ({ from: root, name, optional: false, via: rootPkg.name }));
for (const name of Object.keys(rootPkg.optionalDependencies ?? {})) queue.push({ from: root, name, optional: true, via: rootPkg.name });

while (queue.length > 0) {
  const { from, name, optional, via } = queue.shift();
  const dir = resolvePackage(from, name);
  if (dir === undefined) {
    // An optional dependency for another platform is not installed, and need not be.
    if (!optional) missing.push(`${name} (needed by ${via})`);
    continue;
  }
  if (seen.has(dir)) continue;
  const pkg = readJson(join(dir, 'package.json'));
  seen.set(dir, { name: pkg.name ?? name, version: pkg.version ?? '?', licence: declaredLicence(pkg), dir });
  const label = `${pkg.name ?? name}@${pkg.version ?? '?'}`;
  for (const dep of Object.keys(pkg.dependencies ?? {})) queue.push({ from: dir, name: dep, optional: false, via: label });
  for (const dep of Object.keys(pkg.optionalDependencies ?? {})) queue.push({ from: dir, name: dep, optional: true, via: label });
  // A peer is supplied by whoever installs the package; when it is installed it runs too.
  for (const dep of Object.keys(pkg.peerDependencies ?? {})) queue.push({ from: dir, name: dep, optional: true, via: label });
}

const packages = [...seen.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
const copyleft = packages.filter((p) => p.licence !== undefined && !acceptable(p.licence));
const undeclared = packages.filter((p) => p.licence === undefined);

if (missing.length > 0) {
  console.error(`Licence check: these runtime dependencies are not installed (run npm ci first):\n${missing.map((m) => `  ${m}`).join('\n')}`);
  process.exit(1);
}
for (const p of undeclared) {
  console.warn(`Licence check: warning: ${p.name}@${p.version} declares no licence (${relative(root, p.dir)}); check it by hand.`);
}
if (copyleft.length > 0) {
  console.error(`Licence check failed: ${copyleft.length} runtime ${copyleft.length === 1 ? 'dependency is' : 'dependencies are'} GPL or AGPL licensed:`);
  for (const p of copyleft) console.error(`  ${p.name}@${p.version}: ${p.licence} (${relative(root, p.dir)})`);
  process.exit(1);
}
console.log(`Licence check passed: ${packages.length} runtime packages, none GPL or AGPL licensed${undeclared.length ? ` (${undeclared.length} without a declared licence)` : ''}.`);
