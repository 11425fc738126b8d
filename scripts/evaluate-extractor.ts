// Measures the policy statement extractor against the hand-labelled fixtures (precision, recall,
// modality accuracy), then runs it over the whole MoJ guidance corpus when that is present.
// Usage: npx tsx scripts/evaluate-extractor.ts [--json] [--verbose]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseDocument, extractFiles } from '../src/policy-text/index.ts';
import type { LabelledPage, PageScore } from '../src/policy-text/evaluate.ts';
import { combine, scorePage } from '../src/policy-text/evaluate.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = join(root, 'test/fixtures/policy-text');
const seedDir = join(root, '../shared/seed');
const corpusDir = join(root, '../shared/corpus/moj-security-guidance-2021/docs');

export function scoreFixtures(): ReturnType<typeof combine> {
  const pages: PageScore[] = [];
  for (const name of readdirSync(join(fixtures, 'labels')).filter((f) => f.endsWith('.json')).sort()) {
    const labels = JSON.parse(readFileSync(join(fixtures, 'labels', name), 'utf8')) as LabelledPage;
    const path = [join(fixtures, 'corpus', labels.page), join(seedDir, labels.page)].find((p) => existsSync(p));
    if (path === undefined) continue; // the seed page is only scored where the shared folder exists
    const result = analyseDocument(readFileSync(path, 'utf8'), { fileName: labels.page });
    pages.push(scorePage(labels.page, labels.statements, result.statements));
  }
  return combine(pages);
}

async function corpusFigures(): Promise<Record<string, unknown> | null> {
  if (!existsSync(corpusDir)) return null;
  const files = readdirSync(corpusDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(corpusDir, f));
  const started = performance.now();
  const report = await extractFiles(files);
  const ms = Math.round(performance.now() - started);
  const byModality: Record<string, number> = {};
  const byCode: Record<string, number> = {};
  let ids = 0;
  let statements = 0;
  for (const f of report.files) {
    for (const s of f.statements) {
      statements++;
      byModality[s.modality] = (byModality[s.modality] ?? 0) + 1;
      if (s.ref !== null) ids++;
    }
    for (const l of f.lint) byCode[l.code] = (byCode[l.code] ?? 0) + 1;
  }
  const distinctIds = new Set(report.files.flatMap((f) => f.statements.flatMap((s) => (s.ref === null ? [] : [s.ref])))).size;
  return { documents: report.files.length, unread: report.errors?.length ?? 0, statements, statementsWithId: ids, distinctIds, byModality, lintByCode: byCode, milliseconds: ms };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const verbose = process.argv.includes('--verbose');
  const score = scoreFixtures();
  const corpus = await corpusFigures();
  if (json) {
    const { pages, ...figures } = score;
    console.log(JSON.stringify({ fixtures: { ...figures, pages: pages.map(({ page, labelled, extracted, matched, modalityAgreed }) => ({ page, labelled, extracted, matched, modalityAgreed })) }, corpus }, null, 2));
    return;
  }
  console.log('Labelled fixtures (test/fixtures/policy-text)');
  console.log(`${'page'.padEnd(62)} ${'labels'.padStart(6)} ${'found'.padStart(6)} ${'match'.padStart(6)} ${'modal'.padStart(6)}`);
  for (const p of score.pages) console.log(`${p.page.padEnd(62)} ${String(p.labelled).padStart(6)} ${String(p.extracted).padStart(6)} ${String(p.matched).padStart(6)} ${String(p.modalityAgreed).padStart(6)}`);
  console.log(`\nprecision ${pct(score.precision)}  recall ${pct(score.recall)}  modality accuracy ${pct(score.modalityAccuracy)}  (ref accuracy ${pct(score.refAccuracy)}, actor agreement ${pct(score.actorAgreement)})`);
  if (verbose) {
    for (const p of score.pages) {
      for (const m of p.missed) console.log(`  MISSED   ${p.page}: [${m.modality}] ${m.text}`);
      for (const s of p.spurious) console.log(`  SPURIOUS ${p.page}: [${s.modality}] ${s.text}`);
      for (const w of p.wrongModality) console.log(`  MODALITY ${p.page}: labelled ${w.label.modality}, got ${w.got}: ${w.label.text}`);
    }
  }
  if (corpus === null) {
    console.log('\nCorpus ../shared/corpus/moj-security-guidance-2021/docs not present: skipped.');
    return;
  }
  console.log('\nWhole corpus');
  for (const [k, v] of Object.entries(corpus)) console.log(`  ${k.padEnd(18)} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
