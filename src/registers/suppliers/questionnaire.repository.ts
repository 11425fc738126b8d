// The SQL of questionnaires (issue 09): a questionnaire, its groups in order and their questions in order.
import type { Executor } from '../../database.ts';

export type RequiredAnswer = 'yes' | 'no';

export interface QuestionValues {
  readonly key: string;
  readonly text: string;
  /** The answer that meets the question; null for a question asked only for information. */
  readonly requiredAnswer: RequiredAnswer | null;
  readonly weight: number;
  readonly guidance: string;
}

export interface QuestionnaireValues {
  readonly code: string;
  readonly title: string;
  readonly version: string;
  readonly description: string;
  readonly groups: ReadonlyArray<{ readonly title: string; readonly questions: readonly QuestionValues[] }>;
}

export interface Question extends QuestionValues {
  readonly id: string;
}

export interface Questionnaire extends QuestionnaireValues {
  readonly id: string;
  readonly groups: ReadonlyArray<{ readonly id: string; readonly title: string; readonly questions: readonly Question[] }>;
}

export interface QuestionnaireSummary {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly version: string;
  readonly questions: number;
}

export class QuestionnaireRepository {
  constructor(private readonly db: Executor) {}

  async list(): Promise<QuestionnaireSummary[]> {
    const rows = await this.db
      .selectFrom('questionnaires as q')
      .leftJoin('questionnaire_groups as g', 'g.questionnaire_id', 'q.id')
      .leftJoin('questionnaire_questions as x', 'x.group_id', 'g.id')
      .select(['q.id', 'q.code', 'q.title', 'q.version', (eb) => eb.fn.count<number>('x.id').as('questions')])
      .groupBy(['q.id', 'q.code', 'q.title', 'q.version'])
      .orderBy('q.title')
      .execute();
    return rows.map((r) => ({ id: r.id, code: r.code, title: r.title, version: r.version, questions: Number(r.questions) }));
  }

  async idByCode(code: string): Promise<string | undefined> {
    return (await this.db.selectFrom('questionnaires').select('id').where('code', '=', code).executeTakeFirst())?.id;
  }

  async find(id: string): Promise<Questionnaire | undefined> {
    const head = await this.db.selectFrom('questionnaires').select(['id', 'code', 'title', 'version', 'description']).where('id', '=', id).executeTakeFirst();
    if (!head) return undefined;
    const groups = await this.db.selectFrom('questionnaire_groups').select(['id', 'title']).where('questionnaire_id', '=', id).orderBy('position').execute();
    const questions = groups.length
      ? await this.db
          .selectFrom('questionnaire_questions')
          .select(['id', 'group_id', 'key', 'text', 'required_answer', 'weight', 'guidance'])
          .where(
            'group_id',
            'in',
            groups.map((g) => g.id),
          )
          .orderBy('position')
          .execute()
      : [];
    return {
      ...head,
      groups: groups.map((g) => ({
        id: g.id,
        title: g.title,
        questions: questions.filter((q) => q.group_id === g.id).map((q) => ({ id: q.id, key: q.key, text: q.text, requiredAnswer: q.required_answer, weight: q.weight, guidance: q.guidance })),
      })),
    };
  }

  async assessmentsUsing(id: string): Promise<number> {
    const row = await this.db.selectFrom('supplier_assessments').select((eb) => eb.fn.countAll<number>().as('n')).where('questionnaire_id', '=', id).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insert(values: QuestionnaireValues): Promise<string> {
    const { id } = await this.db.insertInto('questionnaires').values({ code: values.code, title: values.title, version: values.version, description: values.description }).returning('id').executeTakeFirstOrThrow();
    await this.insertGroups(id, values);
    return id;
  }

  /** Replaces the whole content of a questionnaire no assessment uses yet. */
  async replace(id: string, values: QuestionnaireValues): Promise<void> {
    await this.db.updateTable('questionnaires').set({ title: values.title, version: values.version, description: values.description }).where('id', '=', id).execute();
    await this.db.deleteFrom('questionnaire_groups').where('questionnaire_id', '=', id).execute();
    await this.insertGroups(id, values);
  }

  private async insertGroups(questionnaireId: string, values: QuestionnaireValues): Promise<void> {
    for (const [g, group] of values.groups.entries()) {
      const { id } = await this.db.insertInto('questionnaire_groups').values({ questionnaire_id: questionnaireId, position: g + 1, title: group.title }).returning('id').executeTakeFirstOrThrow();
      if (group.questions.length === 0) continue;
      await this.db
        .insertInto('questionnaire_questions')
        .values(group.questions.map((q, i) => ({ group_id: id, position: i + 1, key: q.key, text: q.text, required_answer: q.requiredAnswer, weight: q.weight, guidance: q.guidance })))
        .execute();
    }
  }
}
