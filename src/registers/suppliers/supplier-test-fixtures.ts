// The suppliers tests' world, written straight to the test database so the tests do not depend on other
// registers' services: the technology services fixture's units, people and assets, two services (one
// critical), two controls, a questionnaire for assessments and a risk to link deviations to.
import type { Db } from '../../database.ts';
import { serviceFixture, type ServiceFixture } from '../technology-services/test-fixtures.ts';

export interface SupplierFixture extends ServiceFixture {
  readonly questionnaireId: string;
  readonly riskId: string;
}

export async function supplierFixture(db: Db): Promise<SupplierFixture> {
  const base = await serviceFixture(db);
  await db
    .insertInto('technology_services')
    .values([
      { reference: 'SVC-CRIT', name: 'Critical service', unit_id: base.opsId, hosting: 'saas', criticality: 'critical' },
      { reference: 'SVC-LOW', name: 'Low service', unit_id: base.opsId, hosting: 'saas', criticality: 'low' },
    ])
    .execute();
  await db.insertInto('controls').values([{ code: 'CTL-A', title: 'Control A', kind: 'technology' }, { code: 'CTL-B', title: 'Control B', kind: 'process' }]).execute();
  const questionnaire = await db.insertInto('questionnaires').values({ code: 'BASE', title: 'Baseline questionnaire' }).returning('id').executeTakeFirstOrThrow();
  const risk = await db
    .insertInto('risks')
    .values({ reference: 'RSK-0001', title: 'Supplier holds data offshore', unit_id: base.opsId, owner_person_id: base.people.bob, inherent_likelihood: 3, inherent_impact: 3, residual_likelihood: 2, residual_impact: 2, treatment: 'reduce', review_on: '2027-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...base, questionnaireId: questionnaire.id, riskId: risk.id };
}
