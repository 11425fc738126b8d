// Frameworks at scale (issue 07): importing a 5,000-node CISO Assistant library (written here, four
// levels deep), importing its next version (every node updated, 100 retired, 100 new), and a framework's
// coverage with 200 controls mapped across it and implemented on 2,000 services in 100 units.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { systemActor } from '../src/access/actor.ts';
import { createTestContext } from '../test/support/app.ts';
import { median, type Bench } from './support.ts';

const NODES = 5_000;
const CONTROLS = 200;
const SERVICES = 2_000;
const UNITS = 100;

/** A library of NODES nodes: 10 top-level nodes, each with 10 children, each with 49 assessable leaves. */
function library(version: number, retire = 0, add = 0): string {
  const lines = ['urn: urn:bench:risk:library:big', 'locale: en', 'ref_id: big', 'name: Bench library', `version: ${version}`, 'provider: Bench', 'objects:', '  framework:', '    urn: urn:bench:risk:framework:big', '    ref_id: big', '    name: Bench framework', '    requirement_nodes:'];
  const node = (ref: string, parent: string | null, assessable: boolean, depth: number) => {
    lines.push(`    - urn: urn:bench:risk:req_node:big:${ref}`, `      ref_id: '${ref}'`, `      assessable: ${assessable}`, `      depth: ${depth}`, `      description: Requirement ${ref}, version ${version}.`);
    if (parent) lines.push(`      parent_urn: urn:bench:risk:req_node:big:${parent}`);
  };
  let count = 0;
  for (let a = 1; a <= 10; a++) {
    node(`${a}`, null, false, 1);
    for (let b = 1; b <= 10; b++) {
      node(`${a}.${b}`, `${a}`, false, 2);
      for (let c = 1; c <= 48; c++) {
        count++;
        if (count <= retire) continue;
        node(`${a}.${b}.${c}`, `${a}.${b}`, true, 3);
      }
    }
  }
  for (let n = 1; n <= add; n++) node(`10.10.new${n}`, '10.10', true, 3);
  return `${lines.join('\n')}\n`;
}

const bench: Bench = {
  title: `Frameworks: a ${NODES.toLocaleString('en-GB')}-node library, its next version, and coverage over ${SERVICES.toLocaleString('en-GB')} services`,
  async run(record) {
    const t = await createTestContext();
    try {
      const db = t.database.db;
      const actor = systemActor('bench');
      const frameworks = t.services.frameworks;
      const first = library(1);
      let start = performance.now();
      const imported = await frameworks.importFile(actor, { fileName: 'big.yaml', text: first });
      record({ what: `import ${imported.requirements.toLocaleString('en-GB')} requirements (parse, check, write, one event)`, value: Math.round(performance.now() - start), unit: 'ms' });
      start = performance.now();
      const next = await frameworks.importFile(actor, { fileName: 'big-2.yaml', text: library(2, 100, 100) });
      record({ what: `next version: ${next.changes?.updated} updated, ${next.changes?.created} new, ${next.changes?.retired} retired`, value: Math.round(performance.now() - start), unit: 'ms' });
      start = performance.now();
      const unchanged = await frameworks.importFile(actor, { fileName: 'big-2.yaml', text: library(2, 100, 100) });
      record({ what: `the same file again (unchanged: ${unchanged.unchanged})`, value: Math.round(performance.now() - start), unit: 'ms' });

      const root = await db.insertInto('organisation_units').values({ code: 'BENCH', name: 'Bench department', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
      await sql`insert into organisation_units (code, name, unit_type, parent_id) select 'U' || n, 'Unit ' || n, 'business_area', ${root.id} from generate_series(1, ${UNITS}) n`.execute(db);
      await sql`insert into technology_services (reference, name, unit_id, hosting, criticality)
                select 'SVC-' || n, 'Service ' || n, (select id from organisation_units where code = 'U' || (1 + n % ${UNITS})), 'saas', 'medium' from generate_series(1, ${SERVICES}) n`.execute(db);
      await sql`insert into controls (code, title, kind) select 'CTL-' || n, 'Control ' || n, 'technology' from generate_series(1, ${CONTROLS}) n`.execute(db);
      // Each control mapped to one second-level node (its 48 leaves) and to 10 leaves directly.
      await sql`insert into control_requirements (control_id, requirement_id)
                select c.id, r.id from controls c
                  join requirements r on r.framework_id = ${imported.frameworkId} and r.key = (1 + (substr(c.code, 5)::int % 10))::text || '.' || (1 + (substr(c.code, 5)::int / 10 % 10))::text
                union
                select c.id, r.id from controls c cross join generate_series(1, 10) g
                  join requirements r on r.framework_id = ${imported.frameworkId} and r.key = (1 + (g % 10))::text || '.' || (1 + (substr(c.code, 5)::int % 10))::text || '.' || (1 + substr(c.code, 5)::int % 48)::text`.execute(db);
      // Every service implements 12 of the controls.
      await sql`insert into control_implementations (control_id, service_id, status, status_on)
                select c.id, s.id, case when g % 4 = 0 then 'partial' else 'implemented' end, '2026-11-01'
                  from technology_services s cross join generate_series(1, 12) g
                  join controls c on c.code = 'CTL-' || (1 + (substr(s.reference, 5)::int * 7 + g * 13) % ${CONTROLS})`.execute(db);
      await sql`analyze`.execute(db);
      const links = (await sql<{ n: number }>`select count(*)::int as n from control_requirements`.execute(db)).rows[0]!.n;
      const coverage = await frameworks.coverage(actor, imported.frameworkId!);
      record({ what: `coverage (${links.toLocaleString('en-GB')} mappings, ${(SERVICES * 12).toLocaleString('en-GB')} implementations; ${coverage.covered} of ${coverage.total} covered)`, value: await median(5, () => frameworks.coverage(actor, imported.frameworkId!)), unit: 'ms' });
      record({ what: 'the framework’s requirements with their controls (the page’s tree)', value: await median(5, () => frameworks.requirements(actor, imported.frameworkId!)), unit: 'ms' });
      const control = await db.selectFrom('controls').select('id').where('code', '=', 'CTL-7').executeTakeFirstOrThrow();
      record({ what: 'a control’s framework requirements', value: await median(5, () => frameworks.requirementsMetByControl(actor, control.id)), unit: 'ms' });
    } finally {
      await t.close();
    }
  },
};
export default bench;
