// Questionnaires are data (issue 09): a small YAML or JSON file names the questionnaire (code, title,
// version, description) and its groups of questions, each with the answer that meets it (or none, for a
// question asked only for information), a weight and guidance. Loading is idempotent by code and version:
// the same version again changes nothing; a new version replaces the questions of a questionnaire no
// assessment has used yet. Questionnaires belong to no unit, so loading one needs suppliers.manage at the top.
import { createHash } from 'node:crypto';
import { auditActorOf, type Actor } from '../../access/actor.ts';
import { authorize, canAnywhere } from '../../access/authorize.ts';
import type { Db } from '../../database.ts';
import type { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { AppError, notFound, requireId, validationFailed } from '../../platform/http/errors.ts';
import { FrameworkFileError } from '../frameworks/formats/parsed.ts';
import { isMapping, loadYamlMapping, normaliseText, ProblemList } from '../frameworks/formats/yaml-source.ts';
import { QuestionnaireRepository, type Questionnaire, type QuestionnaireSummary, type QuestionnaireValues, type QuestionValues } from './questionnaire.repository.ts';

export type { Question, Questionnaire, QuestionnaireSummary } from './questionnaire.repository.ts';

const CODE = /^[a-z0-9][a-z0-9-]{0,59}$/;
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export interface QuestionnaireFile {
  readonly fileName: string;
  readonly text: string;
}

export interface QuestionnaireImport {
  readonly id: string;
  readonly code: string;
  readonly version: string;
  readonly groups: number;
  readonly questions: number;
  readonly outcome: 'created' | 'updated' | 'unchanged';
}

const list = (value: unknown): unknown[] | null => (Array.isArray(value) ? value : null);

/** Reads a questionnaire file; every problem in it is reported at once, each with where it is. */
export function parseQuestionnaire(file: QuestionnaireFile): QuestionnaireValues {
  try {
    return readQuestionnaire(file);
  } catch (error) {
    if (error instanceof FrameworkFileError) throw fileProblems(error);
    throw error;
  }
}

function readQuestionnaire(file: QuestionnaireFile): QuestionnaireValues {
  const { source, root } = loadYamlMapping(file.fileName, file.text, 'a questionnaire: a mapping with code, title, version and groups');
  const problems = new ProblemList();
  const text = (value: unknown, path: (string | number)[]) => {
    const read = source.text(value, path);
    return read === null ? null : normaliseText(read);
  };
  const code = text(root.code, ['code']);
  if (!code || !CODE.test(code)) problems.add(source.where(['code']), 'give the questionnaire a code of lower-case letters, digits and hyphens, such as moj-supplier-security');
  const title = text(root.title, ['title']);
  if (!title) problems.add(source.where(['title']), 'give the questionnaire a title');
  const version = text(root.version, ['version']) ?? '1';
  if (version.length > 40) problems.add(source.where(['version']), 'the version must be 40 characters or fewer');
  const groups = list(root.groups);
  if (!groups || groups.length === 0) problems.add(source.where(['groups']), 'list the groups of questions under groups');
  const keys = new Set<string>();
  const parsedGroups = (groups ?? []).map((group, g) => {
    const at = ['groups', g];
    if (!isMapping(group)) {
      problems.add(source.where(at), 'each group is a mapping with a title and its questions');
      return { title: '', questions: [] };
    }
    const groupTitle = text(group.title, [...at, 'title']);
    if (!groupTitle) problems.add(source.where(at), 'give the group a title');
    const questions = list(group.questions);
    if (!questions || questions.length === 0) problems.add(source.where(at), 'list the group’s questions under questions');
    return {
      title: groupTitle ?? '',
      questions: (questions ?? []).map((question, q): QuestionValues => {
        const where = [...at, 'questions', q];
        if (!isMapping(question)) {
          problems.add(source.where(where), 'each question is a mapping with a key and text');
          return { key: '', text: '', requiredAnswer: null, weight: 0, guidance: '' };
        }
        const key = text(question.key, [...where, 'key']);
        if (!key || !KEY.test(key)) problems.add(source.where(where), 'give the question a key of letters, digits, dots and hyphens, such as GOV-01');
        else if (keys.has(key.toLowerCase())) problems.add(source.where(where), `the key ${key} is used twice: each question needs its own`);
        if (key) keys.add(key.toLowerCase());
        const questionText = text(question.text, [...where, 'text']);
        if (!questionText) problems.add(source.where(where), 'give the question its text');
        const required = question.required_answer ?? null;
        if (required !== null && required !== 'yes' && required !== 'no') problems.add(source.where([...where, 'required_answer']), 'required_answer is yes or no, or left out for a question asked only for information');
        const weight = question.weight ?? 1;
        if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > 100) problems.add(source.where([...where, 'weight']), 'the weight is a whole number from 0 to 100');
        return { key: key ?? '', text: questionText ?? '', requiredAnswer: required === 'yes' || required === 'no' ? required : null, weight: typeof weight === 'number' ? weight : 0, guidance: text(question.guidance, [...where, 'guidance']) ?? '' };
      }),
    };
  });
  problems.throwIfAny(file.fileName);
  return { code: code!, title: title!, version, description: text(root.description, ['description']) ?? '', groups: parsedGroups };
}

function fileProblems(error: FrameworkFileError): AppError {
  return validationFailed(error.problems.map((p) => ({ field: 'file', message: `${error.fileName}: ${p.at ? `${p.at}: ` : ''}${p.message}` })));
}

/** The content two loads are compared on: a questionnaire's words, weights and order, not its ids. */
const contentOf = (q: QuestionnaireValues): string =>
  JSON.stringify([q.title, q.version, q.description, q.groups.map((g) => [g.title, g.questions.map((x) => [x.key, x.text, x.requiredAnswer, x.weight, x.guidance])])]);

export class QuestionnaireService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
  ) {}

  /** The questionnaires to choose from: for anyone who may start an assessment somewhere. */
  async list(actor: Actor): Promise<QuestionnaireSummary[]> {
    if (!canAnywhere(actor, 'suppliers.read')) authorize(actor, 'suppliers.edit-own');
    return new QuestionnaireRepository(this.db).list();
  }

  async get(actor: Actor, id: string): Promise<Questionnaire> {
    if (!canAnywhere(actor, 'suppliers.read')) authorize(actor, 'suppliers.edit-own');
    const questionnaire = await new QuestionnaireRepository(this.db).find(requireId(id, 'The questionnaire'));
    if (!questionnaire) throw notFound('The questionnaire');
    return questionnaire;
  }

  async importFile(actor: Actor, file: QuestionnaireFile, requestId?: string): Promise<QuestionnaireImport> {
    authorize(actor, 'suppliers.manage');
    const parsed = parseQuestionnaire(file);
    const count = { groups: parsed.groups.length, questions: parsed.groups.reduce((n, g) => n + g.questions.length, 0) };
    const repository = new QuestionnaireRepository(this.db);
    const existingId = await repository.idByCode(parsed.code);
    const existing = existingId ? await repository.find(existingId) : undefined;
    if (existing && existing.version === parsed.version) {
      if (contentOf(existing) === contentOf(parsed)) return { id: existing.id, code: parsed.code, version: parsed.version, ...count, outcome: 'unchanged' };
      throw new AppError('conflict', `${parsed.code} version ${parsed.version} is already loaded with other questions: give the file a new version to change them.`);
    }
    if (existing && (await repository.assessmentsUsing(existing.id)) > 0) {
      // Answers and deviations refer to the questions they were given; replacing them would rewrite past assessments.
      throw new AppError('conflict', `${parsed.code} version ${existing.version} is used by assessments, so its questions cannot be replaced: load version ${parsed.version} under a new code, such as ${parsed.code}-${parsed.version.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.`);
    }
    const hash = createHash('sha256').update(file.text).digest('hex');
    return this.audit.write(this.db, async (trx) => {
      const writer = new QuestionnaireRepository(trx);
      let id: string;
      if (existing) await writer.replace((id = existing.id), parsed);
      else id = await writer.insert(parsed);
      const outcome = existing ? ('updated' as const) : ('created' as const);
      return {
        result: { id, code: parsed.code, version: parsed.version, ...count, outcome },
        event: { actor: auditActorOf(actor), action: 'questionnaire.imported', recordType: 'questionnaire', recordId: id, metadata: { fileName: file.fileName, sha256: hash, code: parsed.code, version: parsed.version, previousVersion: existing?.version ?? null, outcome, ...count }, ...(requestId ? { requestId } : {}) },
      };
    });
  }
}
