// The MoJ example's supplier assessments (issue 09): the supplier questionnaire (supplier-questionnaire.yaml),
// and for three of the example's suppliers an assessment at each stage: Perimeter Vision completed, its
// deviations (answers not met, an expired certificate, a control not applied) linked to two risks raised
// from them and an action to remedy one; CGI sent to the supplier with a link; SSCL in progress with its
// assessor part-way through. Everything goes in through the services. Idempotent: a supplier that already
// has an assessment is left alone, and a supplier not in the register (loadExampleSuppliers not run) is skipped.
import { readFileSync } from 'node:fs';
import type { Actor } from '../../access/actor.ts';
import { addDays, londonDate } from '../../platform/clock.ts';
import { AssessmentRepository } from '../../registers/suppliers/assessment.repository.ts';
import type { GivenAnswer } from '../../registers/suppliers/deviations.ts';
import type { Services } from '../../services.ts';

const D = '@example.justice.gov.uk';
const QUESTIONNAIRE_FILE = new URL('./supplier-questionnaire.yaml', import.meta.url);

type Answers = Readonly<Record<string, 'yes' | 'no' | 'not-applicable' | readonly ['yes' | 'no' | 'not-applicable', string]>>;

/** Perimeter Vision maintains prison CCTV: good on people and premises, weak on access and certification. */
const PERIMETER_VISION: Answers = {
  'GOV-01': 'yes',
  'GOV-02': ['no', 'Cyber Essentials lapsed this year; renewal booked'],
  'GOV-03': 'yes',
  'GOV-04': 'yes',
  'GOV-05': ['no', 'No subcontractors'],
  'GOV-06': ['not-applicable', 'No subcontractors handle the department’s information'],
  'PEO-01': 'yes',
  'PEO-02': 'yes',
  'PEO-03': 'yes',
  'TEC-01': 'yes',
  'TEC-02': 'yes',
  'TEC-03': ['no', 'Engineers sign in to the recorders’ maintenance portal with a password only'],
  'TEC-04': 'yes',
  'TEC-05': 'yes',
  'TEC-06': 'no',
  'DAT-01': 'no',
  'DAT-02': ['not-applicable', 'All footage and backups stay on prison sites in the UK'],
  'DAT-03': 'yes',
  'DAT-04': 'yes',
  'INC-01': 'yes',
};

/** SSCL's assessor has answered the first group so far. */
const SSCL_SO_FAR: Answers = { 'GOV-01': 'yes', 'GOV-02': ['yes', 'ISO/IEC 27001 and Cyber Essentials Plus'], 'GOV-03': 'yes', 'GOV-04': 'yes', 'GOV-05': ['yes', 'Oracle hosts the HR and payroll software'], 'GOV-06': 'yes' };

function given(keys: ReadonlyMap<string, string>, answers: Answers): Map<string, GivenAnswer> {
  return new Map(
    Object.entries(answers).map(([key, value]) => {
      const id = keys.get(key);
      if (!id) throw new Error(`The example answers question ${key}, which the example questionnaire does not have`);
      return [id, typeof value === 'string' ? { answer: value, comment: '' } : { answer: value[0], comment: value[1] }];
    }),
  );
}

export async function loadExampleSupplierAssessments(services: Services, actor: Actor): Promise<{ created: number; unchanged: number }> {
  const loaded = await services.questionnaires.importFile(actor, { fileName: 'supplier-questionnaire.yaml', text: readFileSync(QUESTIONNAIRE_FILE, 'utf8') });
  let created = loaded.outcome === 'unchanged' ? 0 : 1;
  let unchanged = loaded.outcome === 'unchanged' ? 1 : 0;
  const questionnaire = await services.questionnaires.get(actor, loaded.id);
  const keys = new Map(questionnaire.groups.flatMap((g) => g.questions.map((q) => [q.key, q.id] as const)));
  const assessments = services.supplierAssessments;
  const repository = new AssessmentRepository(services.context.db);
  const today = londonDate(services.context.clock.now());

  /** The supplier's id when it is there and has no assessment yet; null (counted unchanged) otherwise. */
  const toAssess = async (name: string): Promise<string | null> => {
    const supplier = await repository.supplierByName(name);
    if (!supplier) return null;
    if ((await assessments.listForSupplier(actor, supplier.id)).length > 0) {
      unchanged++;
      return null;
    }
    created++;
    return supplier.id;
  };

  const perimeter = await toAssess('Perimeter Vision Ltd');
  if (perimeter) {
    const id = await assessments.start(actor, { supplierId: perimeter, questionnaireId: loaded.id, assessor: `ellen.wing${D}` });
    await assessments.recordAnswers(actor, id, given(keys, PERIMETER_VISION));
    const { deviations } = await assessments.get(actor, id);
    const about = (pattern: RegExp) => deviations.filter((d) => pattern.test(d.description));
    const raise = async (first: { id: string } | undefined, title: string, others: ReadonlyArray<{ id: string }>) => {
      if (!first) return;
      const riskId = await assessments.deviations.raiseRisk(actor, first.id, { title, likelihood: 3, impact: 3 });
      const reference = (await services.risks.get(actor, riskId)).reference;
      for (const other of others) await assessments.deviations.linkToRisk(actor, other.id, reference);
    };
    const access = about(/^TEC-03|CTL-ACC-01/);
    const certification = deviations.filter((d) => !access.includes(d));
    await raise(access[0], 'CCTV maintenance portal reachable with a password alone', access.slice(1));
    await raise(certification[0], 'CCTV maintainer without a current Cyber Essentials certificate', certification.slice(1));
    const certificate = deviations.find((d) => d.kind === 'certificate');
    if (certificate) await assessments.deviations.addAction(actor, certificate.id, { title: 'Obtain evidence of Perimeter Vision’s renewed Cyber Essentials certificate', owner: `ellen.wing${D}`, dueOn: addDays(today, 60) });
    await assessments.complete(actor, id);
  }

  const cgi = await toAssess('CGI');
  if (cgi) {
    const id = await assessments.start(actor, { supplierId: cgi, questionnaireId: loaded.id, assessor: `uma.seal${D}` });
    // The link is shown once to whoever makes it; the example's is not kept anywhere.
    await assessments.links.send(actor, id, { sentTo: (await repository.supplier(cgi))?.contactEmail || `security.contact@cgi.example` });
  }

  const sscl = await toAssess('Shared Services Connected Ltd (SSCL)');
  if (sscl) {
    const id = await assessments.start(actor, { supplierId: sscl, questionnaireId: loaded.id, assessor: `tariq.tally${D}` });
    await assessments.recordAnswers(actor, id, given(keys, SSCL_SO_FAR));
  }

  return { created, unchanged };
}
