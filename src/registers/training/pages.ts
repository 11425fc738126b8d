// The training pages: completion by unit and agency (with a chart and its table), a unit's people, a
// person's training, the course catalogue with add and change forms, recording a completion by hand,
// and the CSV upload. Who may see whom is decided by the service; routes only ask it.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { canAnywhere } from '../../access/authorize.ts';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import { multipartFile, multipartText } from '../../platform/http/multipart.ts';
import { chart } from '../../platform/views/charts.ts';
import type { Services } from '../../services.ts';
import type { Course } from './entity.ts';
import { rate, type CourseInput } from './service.ts';

type Form = Record<string, string | undefined>;
const VIEWS = 'registers/training/views';
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) });
const withProblems = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});
export const STATUS_NAMES = { complete: 'Complete', 'due-soon': 'Due soon', overdue: 'Overdue', 'never-done': 'Never done' } as const;
export const AUDIENCE_NAMES = { everyone: 'Everyone (mandatory)', appointment: 'Holders of an accountable role', 'access-role': 'Holders of an access role' } as const;
const courseInput = (form: Form): CourseInput => ({ code: form.code ?? '', title: form.title ?? '', description: form.description ?? '', audience: form.audience ?? '', roleCode: form.roleCode ?? '', validityMonths: form.validityMonths ?? '' });
const courseForm = (c: Course): Form => ({ code: c.code, title: c.title, description: c.description, audience: c.audience, roleCode: c.roleCode ?? '', validityMonths: String(c.validityMonths) });

export function trainingPages(services: Services) {
  const training = services.training;
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/training', { config: { access: 'training.view-own' } }, async (request, reply) => {
      const actor = request.actor;
      const own = actor.kind === 'person' ? await training.personTraining(actor, actor.personId) : undefined;
      const reports = await training.reports(actor);
      const completion = canAnywhere(actor, 'training.read') ? await training.completion(actor) : undefined;
      const agencyChart = completion && completion.agencies.length > 0
        ? chart({
            id: 'chart-training-agencies',
            kind: 'column',
            title: 'Training completion rate by agency (%)',
            description: 'The percentage of each agency’s people whose mandatory course is complete, and of role holders whose role courses are complete.',
            categories: completion.agencies.map((a) => a.name),
            categoryHeading: 'Agency',
            valueHeading: 'Per cent complete',
            decimals: 1,
            series: [
              { name: 'Mandatory course', values: completion.agencies.map((a) => rate(a.mandatoryComplete, a.people)) },
              { name: 'Role courses', values: completion.agencies.map((a) => rate(a.roleComplete, a.roleHolders)) },
            ],
          })
        : undefined;
      return reply.render(`${VIEWS}/index.njk`, {
        pageTitle: 'Training',
        own,
        reports,
        units: completion?.units.map((u) => ({ ...u, mandatoryRate: rate(u.mandatoryComplete, u.people), roleRate: rate(u.roleComplete, u.roleHolders) })),
        agencyChart,
        statusNames: STATUS_NAMES,
        canManage: canAnywhere(actor, 'training.manage'),
      });
    });

    app.get('/training/units/:code', { config: { access: 'training.read' }, schema: { params: CodeParams } }, async (request, reply) => {
      const { unit, people } = await training.unitPeople(request.actor, (request.params as { code: string }).code);
      return reply.render(`${VIEWS}/unit.njk`, { pageTitle: `Training in ${unit.name}`, unit, people, statusNames: STATUS_NAMES, breadcrumbs: [{ text: 'Training', href: '/training' }] });
    });

    app.get('/training/units/:code/people.csv', { config: { access: 'training.read' }, schema: { params: CodeParams } }, async (request, reply) => {
      const { code } = request.params as { code: string };
      const csv = await training.exportUnitCsv(request.actor, code, request.id);
      return reply.header('content-disposition', `attachment; filename="training-${code.replace(/[^A-Za-z0-9-]/g, '')}.csv"`).header('x-content-type-options', 'nosniff').type('text/csv; charset=utf-8').send(csv);
    });

    app.get('/training/people/:id', { config: { access: 'training.view-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const detail = await training.personTraining(request.actor, (request.params as { id: string }).id);
      return reply.render(`${VIEWS}/person.njk`, { pageTitle: `Training: ${detail.person.displayName}`, detail, statusNames: STATUS_NAMES, breadcrumbs: [{ text: 'Training', href: '/training' }] });
    });

    app.get('/training/courses', { config: { access: 'training.view-own' } }, async (request, reply) =>
      reply.render(`${VIEWS}/courses.njk`, { pageTitle: 'Training courses', courses: await training.courses(request.actor), audienceNames: AUDIENCE_NAMES, canManage: canAnywhere(request.actor, 'training.manage'), breadcrumbs: [{ text: 'Training', href: '/training' }] }),
    );

    const renderCourse = (reply: FastifyReply, course: Course | undefined, values: Form, problems: readonly FieldProblem[] = []) =>
      reply.render(`${VIEWS}/course-form.njk`, {
        pageTitle: course ? `Change ${course.code}` : 'Add a course',
        course,
        values,
        audiences: Object.entries(AUDIENCE_NAMES).map(([value, text]) => ({ value, text, checked: values.audience === value })),
        breadcrumbs: [{ text: 'Training', href: '/training' }, { text: 'Courses', href: '/training/courses' }],
        ...withProblems(problems),
      });

    app.get('/training/courses/new', { config: { access: 'training.manage' } }, async (_request, reply) => renderCourse(reply, undefined, { audience: 'everyone', validityMonths: '12' }));
    app.post('/training/courses', { config: { access: 'training.manage' } }, async (request, reply) => {
      const form = request.body as Form;
      return handleForm(reply, (problems) => renderCourse(reply, undefined, form, problems), async () => {
        await training.addCourse(request.actor, courseInput(form), request.id);
        return reply.redirect('/training/courses', 303);
      });
    });
    app.get('/training/courses/:id/change', { config: { access: 'training.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const course = await training.course(request.actor, (request.params as { id: string }).id);
      return renderCourse(reply, course, courseForm(course));
    });
    app.post('/training/courses/:id', { config: { access: 'training.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const course = await training.course(request.actor, (request.params as { id: string }).id);
      const form = request.body as Form;
      return handleForm(reply, (problems) => renderCourse(reply, course, form, problems), async () => {
        await training.changeCourse(request.actor, course.id, courseInput(form), request.id);
        return reply.redirect('/training/courses', 303);
      });
    });

    const renderRecord = async (reply: FastifyReply, actor: Parameters<typeof training.courses>[0], values: Form, problems: readonly FieldProblem[] = [], recorded = false) =>
      reply.render(`${VIEWS}/record.njk`, {
        pageTitle: 'Record a completion',
        values,
        recorded,
        courses: [{ value: '', text: 'Choose a course' }, ...(await training.courses(actor)).map((c) => ({ value: c.code, text: `${c.title} (${c.code})`, selected: c.code === values.courseCode }))],
        breadcrumbs: [{ text: 'Training', href: '/training' }],
        ...withProblems(problems),
      });
    app.get('/training/record', { config: { access: 'training.manage' } }, async (request, reply) => renderRecord(reply, request.actor, {}));
    app.post('/training/record', { config: { access: 'training.manage' } }, async (request, reply) => {
      const form = request.body as Form;
      return handleForm(reply, (problems) => renderRecord(reply, request.actor, form, problems), async () => {
        await training.recordCompletion(request.actor, { person: form.person ?? '', courseCode: form.courseCode ?? '', completedOn: form.completedOn ?? '' }, request.id);
        return renderRecord(reply, request.actor, {}, [], true);
      });
    });

    app.get('/training/import', { config: { access: 'training.manage' } }, async (_request, reply) => reply.render(`${VIEWS}/import.njk`, { pageTitle: 'Import training completions from a CSV file', dryRun: true }));
    app.post('/training/import', { config: { access: 'training.manage' } }, async (request, reply) => {
      const dryRun = multipartText(request.body, 'dryRun') === 'yes';
      const file = await multipartFile(request.body, 'file');
      if (!file || file.bytes.length === 0) {
        return reply.code(400).render(`${VIEWS}/import.njk`, { pageTitle: 'Import training completions from a CSV file', dryRun, ...withProblems([{ field: 'file', message: 'Choose a CSV file to upload' }]) });
      }
      const report = await training.import.run(request.actor, { fileName: file.name, bytes: file.bytes, dryRun, requestId: request.id });
      return reply.code(report.errors.length > 0 ? 400 : 200).render(`${VIEWS}/import-report.njk`, {
        pageTitle: report.errors.length > 0 ? 'The file has errors' : dryRun ? 'The file is ready to import' : 'Training completions imported',
        report,
        errors: report.errors.slice(0, 500),
        more: Math.max(0, report.errors.length - 500),
        dryRun,
      });
    });
  };
}
