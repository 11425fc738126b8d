// Reporting an incident or near miss: a short start page, one form, and a confirmation with the
// reference, so anyone signed in can report in under two minutes, with or without JavaScript. The form
// asks what happened, when, what information or systems, whether personal data is involved (yes, no or
// not sure: no conditional reveals) and what has been done. The service decides the rest.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import { londonDate } from '../../platform/clock.ts';
import { validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { PERSONAL_DATA_ANSWERS, PERSONAL_DATA_NAMES } from './entity.ts';

type Form = Record<string, string | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const VIEWS = 'registers/incidents/views';
const START = '/report-an-incident';
const withProblems = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});
const LONDON_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The form's words for the two moments it asks about, as its error messages name them. */
const MOMENTS = { occurredAt: 'The date it happened', awareAt: 'The date you found out' } as const;
type Moment = keyof typeof MOMENTS;

/**
 * A moment from the form's day, month, year and time boxes, as the service reads it (`2026-11-27T14:30`,
 * or a date alone when no time is given). All boxes blank is '' (the service says what is needed); boxes
 * filled in wrongly are the page's own problem, since the service never sees them apart.
 */
export function momentOf(form: Form, name: Moment): { value: string; problem?: FieldProblem } {
  const part = (suffix: string) => (form[`${name}-${suffix}`] ?? '').trim();
  const [day, month, year, time] = [part('day'), part('month'), part('year'), (form[`${name}Time`] ?? '').trim()];
  const words = MOMENTS[name];
  if (!day && !month && !year) return time ? { value: '', problem: { field: name, message: `${words} must include a day, month and year` } } : { value: '' };
  const missing = [!day && 'a day', !month && 'a month', !year && 'a year'].filter(Boolean);
  if (missing.length) return { value: '', problem: { field: name, message: `${words} must include ${missing.join(' and ')}` } };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return { value: '', problem: { field: name, message: `${words} must be a real date, such as 27 11 2026` } };
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) return { value: '', problem: { field: name, message: `${words} must be a real date` } };
  if (!time) return { value: date };
  const clock = /^(\d{1,2})[:.]?(\d{2})\s*(am|pm)?$/i.exec(time) ?? /^(\d{1,2})\s*(am|pm)$/i.exec(time);
  let hours = clock ? Number(clock[1]) : Number.NaN;
  const minutes = clock && clock.length === 4 ? Number(clock[2]) : 0;
  const half = clock?.[clock.length - 1]?.toLowerCase();
  if (half === 'pm' && hours < 12) hours += 12;
  if (half === 'am' && hours === 12) hours = 0;
  if (!clock || hours > 23 || minutes > 59 || (half && Number(clock[1]) > 12)) return { value: '', problem: { field: `${name}Time`, message: 'Enter the time as hours and minutes, such as 14:30 or 2:30pm' } };
  return { value: `${date}T${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}` };
}

export function reportPages(services: Services) {
  const incidents = services.incidents;
  return async (app: FastifyInstance): Promise<void> => {
    const renderForm = async (request: FastifyRequest, reply: FastifyReply, values: Form, problems: readonly FieldProblem[] = []) => {
      const units = [...(await services.organisationUnits.listUnits(request.actor))].sort((a, b) => a.name.localeCompare(b.name));
      return reply.render(`${VIEWS}/report-form.njk`, {
        pageTitle: 'Tell us what happened',
        values,
        personalDataItems: PERSONAL_DATA_ANSWERS.map((answer) => ({ value: answer, text: PERSONAL_DATA_NAMES[answer], checked: values.personalData === answer })),
        units: [{ value: '', text: 'My own unit' }, ...units.map((u) => ({ value: u.code, text: `${u.name} (${u.code})`, selected: values.unit === u.code }))],
        breadcrumbs: [{ text: 'Report an incident', href: START }],
        ...withProblems(problems),
      });
    };

    app.get(START, { config: { access: 'incidents.report' } }, async (request, reply) => {
      const settings = await incidents.settings(request.actor);
      return reply.render(`${VIEWS}/report-start.njk`, { pageTitle: 'Report an information security incident or near miss', settings });
    });

    app.get(`${START}/details`, { config: { access: 'incidents.report' } }, async (request, reply) => {
      // Finding out is usually just now: the boxes start at today's date and time, for the reporter to change.
      const now = services.context.clock.now();
      const [year, month, day] = londonDate(now).split('-');
      return renderForm(request, reply, { 'awareAt-day': String(Number(day)), 'awareAt-month': String(Number(month)), 'awareAt-year': year, awareAtTime: LONDON_TIME.format(now) });
    });

    app.post(`${START}/details`, { config: { access: 'incidents.report' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderForm(request, reply, form, problems),
        async () => {
          const occurred = momentOf(form, 'occurredAt');
          const aware = momentOf(form, 'awareAt');
          const problems = [occurred.problem, aware.problem].filter((p): p is FieldProblem => p !== undefined);
          if (problems.length) throw validationFailed(problems);
          const reported = await incidents.report(
            request.actor,
            {
              title: form.title ?? '',
              description: form.description ?? '',
              occurredAt: occurred.value,
              awareAt: aware.value,
              affectedInformation: form.affectedInformation ?? '',
              personalData: form.personalData ?? '',
              personalDataDetails: form.personalDataDetails ?? '',
              actionsTaken: form.actionsTaken ?? '',
              ...(form.kind ? { kind: form.kind } : {}),
              ...(form.unit ? { unit: form.unit } : {}),
            },
            request.id,
          );
          return reply.redirect(`${START}/reported/${reported.id}`, 303);
        },
      );
    });

    app.get(`${START}/reported/:id`, { config: { access: 'incidents.report' }, schema: { params: IdParams } }, async (request, reply) => {
      const actor = request.actor;
      const [incident, settings] = await Promise.all([incidents.get(actor, (request.params as { id: string }).id), incidents.settings(actor)]);
      return reply.render(`${VIEWS}/report-sent.njk`, { pageTitle: 'Incident reported', incident, settings });
    });
  };
}
