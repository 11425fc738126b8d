// Table-driven: each case builds its own records in one database, then the rule runs once over all
// of them and each case's record is checked: passing, failing, covered by an exception in force, and
// not covered by an expired one (or one for another scope).
import { after, before } from 'node:test';
import type { DatabaseHandle } from '../../platform/db/database.ts';
import type { Database } from '../../database.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { describeRuleTables, appoint, exceptionFor, ruleFixture, type RuleFixture } from '../../../test/support/compliance.ts';
import type { ComplianceRule } from '../rule.ts';
import { assetsIaoCurrent } from './assets-iao-current.ts';
import { servicesOwners } from './services-owners.ts';

type Expected = 'passes' | 'open' | 'covered';
interface Case {
  readonly name: string;
  readonly build: (f: RuleFixture) => Promise<string>;
  readonly expected: Expected;
  readonly reason?: RegExp;
}

let handle: DatabaseHandle<Database>;
let f: RuleFixture;
let serial = 0;

async function asset(withIao: 'current' | 'ended' | 'none'): Promise<string> {
  serial += 1;
  const row = await f.db.insertInto('information_assets').values({ reference: `IA-T${serial}`, name: `Asset ${serial}`, unit_id: f.units.TEAM, classification_tier: 'OFFICIAL' }).returning('id').executeTakeFirstOrThrow();
  if (withIao !== 'none') await appoint(f.db, { role: 'information-asset-owner', personId: f.person, record: { type: 'information-asset', id: row.id }, endsOn: withIao === 'ended' ? '2026-06-14' : null });
  return row.id;
}

async function service(owners: { tso: boolean; sro: boolean }): Promise<string> {
  serial += 1;
  const row = await f.db.insertInto('technology_services').values({ reference: `SVC-T${serial}`, name: `Service ${serial}`, unit_id: f.units.TEAM, purpose: '', hosting: 'saas', criticality: 'medium' }).returning('id').executeTakeFirstOrThrow();
  if (owners.tso) await appoint(f.db, { role: 'technology-service-owner', personId: f.person, record: { type: 'technology-service', id: row.id } });
  if (owners.sro) await appoint(f.db, { role: 'senior-responsible-officer', personId: f.person, record: { type: 'technology-service', id: row.id } });
  return row.id;
}

const tables: Array<{ rule: ComplianceRule; cases: Case[] }> = [
  {
    rule: assetsIaoCurrent,
    cases: [
      { name: 'an asset with a current IAO passes', build: () => asset('current'), expected: 'passes' },
      { name: 'an asset whose IAO appointment ended yesterday fails', build: () => asset('ended'), expected: 'open', reason: /No current Information Asset Owner/ },
      { name: 'an asset with no IAO fails', build: () => asset('none'), expected: 'open' },
      {
        name: 'an asset with no IAO, under an exception in force for SISP-004 and this asset, is covered',
        build: async (fx) => {
          const id = await asset('none');
          await exceptionFor(fx, { requirementKey: 'SISP-004', scopeType: 'asset', scopeId: id, expiresOn: '2026-12-31' });
          return id;
        },
        expected: 'covered',
      },
      {
        name: 'an exception that expired last week covers nothing',
        build: async (fx) => {
          const id = await asset('none');
          await exceptionFor(fx, { requirementKey: 'SISP-004', scopeType: 'asset', scopeId: id, expiresOn: '2026-06-08' });
          return id;
        },
        expected: 'open',
      },
      {
        name: 'an exception still marked in force whose risk acceptance has expired covers nothing',
        build: async (fx) => {
          const id = await asset('none');
          await exceptionFor(fx, { requirementKey: 'SISP-004', scopeType: 'asset', scopeId: id, expiresOn: '2026-12-31', acceptanceExpiresOn: '2026-06-01', status: 'in-force' });
          return id;
        },
        expected: 'open',
      },
      {
        name: 'an exception for another requirement covers nothing',
        build: async (fx) => {
          const id = await asset('none');
          await exceptionFor(fx, { requirementKey: 'SISP-005', scopeType: 'asset', scopeId: id, expiresOn: '2026-12-31' });
          return id;
        },
        expected: 'open',
      },
      {
        name: 'an exception for the asset’s unit, not the asset, covers nothing',
        build: async (fx) => {
          const id = await asset('none');
          await exceptionFor(fx, { requirementKey: 'SISP-004', scopeType: 'unit', scopeId: fx.units.TEAM, expiresOn: '2026-12-31' });
          return id;
        },
        expected: 'open',
      },
    ],
  },
  {
    rule: servicesOwners,
    cases: [
      { name: 'a service with a TSO and an SRO passes', build: () => service({ tso: true, sro: true }), expected: 'passes' },
      { name: 'a service with no SRO fails, saying so', build: () => service({ tso: true, sro: false }), expected: 'open', reason: /^No current Senior Responsible Officer$/ },
      { name: 'a service with neither fails, naming both', build: () => service({ tso: false, sro: false }), expected: 'open', reason: /Technology Service Owner; No current Senior Responsible Officer/ },
      {
        name: 'a service with no TSO under an exception for SISP-005 and this service is covered',
        build: async (fx) => {
          const id = await service({ tso: false, sro: true });
          await exceptionFor(fx, { requirementKey: 'SISP-005', scopeType: 'service', scopeId: id, expiresOn: '2026-09-30' });
          return id;
        },
        expected: 'covered',
      },
      {
        name: 'an expired exception for this service covers nothing',
        build: async (fx) => {
          const id = await service({ tso: false, sro: true });
          await exceptionFor(fx, { requirementKey: 'SISP-005', scopeType: 'service', scopeId: id, expiresOn: '2026-01-31' });
          return id;
        },
        expected: 'open',
      },
    ],
  },
];

before(async () => {
  handle = await createTestDatabase();
  f = await ruleFixture(handle.db);
});
after(async () => handle.close());

describeRuleTables(tables, () => f.db, (c) => c.build(f));
