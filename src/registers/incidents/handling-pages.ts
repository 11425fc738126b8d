// One incident's page and its handling forms: triage, the handler, moving through the stages, notes, and
// the assets, services, suppliers and people it is linked to. The ICO countdown for a personal data
// breach and the time to triage are shown at the top. Each form posts, then comes back to the page; a
// mistake or a refusal by the incident's own rules (someone other than its handler or the security
// team) re-renders the page with the error summary. Lessons, corrective actions, closing and the ICO
// decision are in learning-pages.ts, through the same renderIncident.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import {
  CATEGORY_NAMES,
  HANDLING_STAGES,
  ICO_OUTCOME_NAMES,
  INCIDENT_CATEGORIES,
  INCIDENT_KINDS,
  INCIDENT_STAGES,
  KIND_NAMES,
  PERSONAL_DATA_ANSWERS,
  PERSONAL_DATA_NAMES,
  RESTRICTED_TEXT,
  STAGE_NAMES,
  type IcoClock,
  type TimelineKind,
} from './entity.ts';
import { duration } from './trend-charts.ts';

export type Form = Record<string, string | undefined>;
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const VIEWS = 'registers/incidents/views';

const TIMELINE_NAMES: Record<TimelineKind, string> = {
  reported: 'Reported',
  triaged: 'Triaged',
  stage: 'Stage changed',
  note: 'Note',
  assignment: 'Handler assigned',
  decision: 'ICO decision',
  action: 'Corrective action',
  lessons: 'Lessons learned',
  link: 'Links changed',
  reopened: 'Reopened',
  closed: 'Closed',
};
const LINK_TYPE_NAMES = { asset: 'Information asset', service: 'Technology service', supplier: 'Supplier' } as const;
const ACTION_TARGET_NAMES = { control: 'A control (its code, such as CTL-ACC-01)', risk: 'A risk (its reference, such as RISK-0001)', document: 'A document (its key prefix, such as SISP)' } as const;

/**
 * The service names a mistake by its input's field; the page's fields carry the form's prefix, since
 * one page holds many forms. A field the form does not have is a problem with the form as a whole.
 */
export const renamed = (problems: readonly FieldProblem[], fields: Readonly<Record<string, string>>): FieldProblem[] =>
  problems.map((p) => ({ field: fields[p.field] ?? 'form', message: p.message }));

const select = (items: ReadonlyArray<{ value: string; text: string }>, selected: string | undefined, first = 'Choose') => [{ value: '', text: first }, ...items.map((i) => ({ ...i, selected: i.value === selected }))];
const radios = (items: ReadonlyArray<{ value: string; text: string }>, checked: string | undefined) => items.map((i) => ({ ...i, checked: i.value === checked }));

/** The ICO countdown in words: hours left, or how long it has been overdue. */
export function icoCountdown(ico: IcoClock): { text: string; overdue: boolean } | null {
  if (!ico.applies || ico.decided || ico.hoursLeft === null) return null;
  if (ico.overdue) {
    const over = Math.max(1, Math.ceil(-ico.hoursLeft));
    return { text: `Overdue by ${over} ${over === 1 ? 'hour' : 'hours'}`, overdue: true };
  }
  const whole = Math.floor(ico.hoursLeft);
  return { text: whole < 1 ? 'Less than an hour left' : `${whole} ${whole === 1 ? 'hour' : 'hours'} left`, overdue: false };
}

export type IncidentRenderer = (request: FastifyRequest, reply: FastifyReply, values?: Form, problems?: readonly FieldProblem[]) => Promise<FastifyReply>;

/** Renders the incident's page for the actor, with what a form sent back and its problems, if any. */
export function incidentRenderer(services: Services): IncidentRenderer {
  const incidents = services.incidents;
  return async (request, reply, values = {}, problems = []) => {
    const actor = request.actor;
    const id = (request.params as { id: string }).id;
    const [incident, choices, settings] = await Promise.all([incidents.get(actor, id), incidents.options(actor), incidents.settings(actor)]);
    const may = incident.may;
    const open = incident.stage !== 'closed';
    const nextStages = HANDLING_STAGES.filter((s) => INCIDENT_STAGES.indexOf(s) > INCIDENT_STAGES.indexOf(incident.stage));
    const query = request.query as { added?: string } | undefined;
    return reply.render(`${VIEWS}/incident.njk`, {
      pageTitle: `${incident.reference} ${incident.title}`,
      incident,
      settings,
      restrictedText: RESTRICTED_TEXT,
      countdown: icoCountdown(incident.ico),
      triageTaken: duration(incident.triage.hoursTaken),
      timeline: incident.timeline.map((entry) => ({ ...entry, kindName: TIMELINE_NAMES[entry.kind] ?? entry.kind, hidden: entry.text === RESTRICTED_TEXT })),
      names: { stages: STAGE_NAMES, kinds: KIND_NAMES, categories: CATEGORY_NAMES, personalData: PERSONAL_DATA_NAMES, icoOutcomes: ICO_OUTCOME_NAMES, linkTypes: LINK_TYPE_NAMES },
      mayTriage: may.handle && incident.stage === 'reported',
      mayRetriage: may.handle && open && incident.stage !== 'reported',
      mayAdvance: may.handle && open && incident.stage !== 'reported' && nextStages.length > 0,
      mayHandle: may.handle && open,
      mayAssign: may.assign && open,
      mayReopen: may.reopen && !open,
      // A handler sees the ICO form too, so someone who does not hold the deciding role is told who does.
      mayAskIco: incident.ico.applies && open && (may.decideIco || may.handle),
      addedAction: query?.added,
      triage: {
        categories: radios(INCIDENT_CATEGORIES.map((c) => ({ value: c, text: CATEGORY_NAMES[c] })), values.triageCategory ?? incident.category ?? undefined),
        types: select(choices.types.map((t) => ({ value: t.code, text: t.name })), values.triageType ?? incident.typeCode ?? undefined),
        severities: radios(choices.severities.map((s) => ({ value: s.code, text: s.name, hint: s.description ? { text: s.description } : undefined })), values.triageSeverity ?? incident.severity?.code),
        kinds: radios(INCIDENT_KINDS.map((k) => ({ value: k, text: KIND_NAMES[k] })), values.triageKind ?? incident.kind),
        personalData: radios(PERSONAL_DATA_ANSWERS.map((a) => ({ value: a, text: PERSONAL_DATA_NAMES[a] })), values.triagePersonalData ?? incident.personalData),
      },
      nextStages: select(nextStages.map((s) => ({ value: s, text: STAGE_NAMES[s] })), values.advanceStage),
      reopenStages: select(HANDLING_STAGES.map((s) => ({ value: s, text: STAGE_NAMES[s] })), values.reopenStage, 'Recovered (the default)'),
      linkTypes: select(Object.entries(LINK_TYPE_NAMES).map(([value, text]) => ({ value, text })), values.linkType),
      personRoles: radios([{ value: 'affected', text: 'Affected: their data was involved' }, { value: 'involved', text: 'Involved: they took part or saw it' }], values.personRole),
      targetTypes: select(Object.entries(ACTION_TARGET_NAMES).map(([value, text]) => ({ value, text })), values.actionTargetType, 'None'),
      icoOutcomes: radios(Object.entries(ICO_OUTCOME_NAMES).map(([value, text]) => ({ value, text })), values.icoOutcome),
      values,
      breadcrumbs: [{ text: 'Incidents', href: '/incidents' }],
      ...(problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {}),
    });
  };
}

/** A form on the incident's page: run it, and come back to the page at its section, or with its problems. */
export function incidentForm(render: IncidentRenderer, fields: Readonly<Record<string, string>>, run: (request: FastifyRequest, id: string, form: Form) => Promise<unknown>, section: string) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = (request.body ?? {}) as Form;
    const id = (request.params as { id: string }).id;
    return handleForm(
      reply,
      (problems) => render(request, reply, form, renamed(problems, fields)),
      async () => {
        await run(request, id, form);
        return reply.redirect(`/incidents/${id}#${section}`, 303);
      },
      ['forbidden'],
    );
  };
}

export function handlingPages(services: Services) {
  const incidents = services.incidents;
  const render = incidentRenderer(services);
  const RouteQuery = Type.Object({ added: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false });
  return async (app: FastifyInstance): Promise<void> => {
    const write = { config: { access: 'incidents.handle' }, schema: { params: IdParams } } as const;
    app.get('/incidents/:id', { config: { access: 'incidents.report' }, schema: { params: IdParams, querystring: RouteQuery } }, async (request, reply) => render(request, reply));

    app.post(
      '/incidents/:id/triage',
      write,
      incidentForm(
        render,
        { category: 'triageCategory', typeCode: 'triageType', type: 'triageType', severityCode: 'triageSeverity', severity: 'triageSeverity', kind: 'triageKind', personalData: 'triagePersonalData', personalDataDetails: 'triagePersonalDataDetails', handler: 'triageHandler', note: 'triageNote' },
        (request, id, f) =>
          incidents.triage(
            request.actor,
            id,
            {
              category: f.triageCategory ?? '',
              typeCode: f.triageType ?? '',
              severityCode: f.triageSeverity ?? '',
              kind: f.triageKind ?? '',
              ...(f.triagePersonalData ? { personalData: f.triagePersonalData } : {}),
              ...(f.triagePersonalDataDetails ? { personalDataDetails: f.triagePersonalDataDetails } : {}),
              ...(f.triageHandler?.trim() ? { handler: f.triageHandler.trim() } : {}),
              ...(f.triageNote?.trim() ? { note: f.triageNote } : {}),
            },
            request.id,
          ),
        'triage',
      ),
    );

    app.post('/incidents/:id/handler', write, incidentForm(render, { handler: 'assignHandler' }, (request, id, f) => incidents.assignHandler(request.actor, id, (f.assignHandler ?? '').trim(), request.id), 'handling'));

    app.post('/incidents/:id/stage', write, incidentForm(render, { stage: 'advanceStage', note: 'advanceNote' }, (request, id, f) => incidents.advance(request.actor, id, f.advanceStage ?? '', f.advanceNote ?? '', request.id), 'handling'));

    app.post(
      '/incidents/:id/notes',
      write,
      incidentForm(render, { text: 'noteText', restricted: 'noteRestricted' }, (request, id, f) => incidents.addNote(request.actor, id, { text: f.noteText ?? '', restricted: f.noteRestricted === 'yes' }, request.id), 'timeline'),
    );

    app.post('/incidents/:id/links', write, incidentForm(render, { type: 'linkType', reference: 'linkReference' }, (request, id, f) => incidents.linkRecord(request.actor, id, f.linkType ?? '', (f.linkReference ?? '').trim(), request.id), 'links'));

    app.post('/incidents/:id/links/remove', write, incidentForm(render, {}, (request, id, f) => incidents.unlinkRecord(request.actor, id, f.type ?? '', f.recordId ?? '', request.id), 'links'));

    app.post(
      '/incidents/:id/people',
      write,
      incidentForm(render, { person: 'personReference', role: 'personRole', note: 'personNote' }, (request, id, f) => incidents.linkPerson(request.actor, id, { person: (f.personReference ?? '').trim(), role: f.personRole ?? '', note: f.personNote ?? '' }, request.id), 'links'),
    );

    app.post('/incidents/:id/people/remove', write, incidentForm(render, {}, (request, id, f) => incidents.unlinkPerson(request.actor, id, f.personId ?? '', request.id), 'links'));
  };
}
