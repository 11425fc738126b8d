// The forms at the end of an incident's page: lessons learned, corrective actions (each optionally
// linked to the control, risk or document it adds or changes), closing (refused, naming what is missing,
// in the error summary), reopening, and the decision on telling the ICO about a personal data breach,
// which only the holder of the deciding role may record: anyone else is told who does, on the page.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { IdParams, incidentForm, incidentRenderer } from './handling-pages.ts';

export function learningPages(services: Services) {
  const incidents = services.incidents;
  const render = incidentRenderer(services);
  return async (app: FastifyInstance): Promise<void> => {
    const write = { config: { access: 'incidents.handle' }, schema: { params: IdParams } } as const;

    app.post(
      '/incidents/:id/lessons',
      write,
      incidentForm(render, { wentWell: 'wentWell', wentBadly: 'wentBadly', rootCause: 'rootCause' }, (request, id, f) => incidents.recordLessons(request.actor, id, { wentWell: f.wentWell ?? '', wentBadly: f.wentBadly ?? '', rootCause: f.rootCause ?? '' }, request.id), 'lessons'),
    );

    app.post(
      '/incidents/:id/actions',
      write,
      incidentForm(
        render,
        {
          actionTitle: 'actionTitle',
          actionOwner: 'actionOwner',
          actionDueOn: 'actionDueOn',
          'targets[0].type': 'actionTargetType',
          'targets[0].reference': 'actionTargetReference',
          title: 'actionTitle',
          description: 'actionDescription',
          owner: 'actionOwner',
          dueOn: 'actionDueOn',
        },
        (request, id, f) => {
          const reference = (f.actionTargetReference ?? '').trim();
          return incidents.addCorrectiveAction(
            request.actor,
            id,
            {
              title: f.actionTitle ?? '',
              description: f.actionDescription ?? '',
              owner: (f.actionOwner ?? '').trim(),
              dueOn: (f.actionDueOn ?? '').trim(),
              targets: f.actionTargetType || reference ? [{ type: f.actionTargetType ?? '', reference }] : [],
            },
            request.id,
          );
        },
        'actions',
      ),
    );

    // Closing refused names each missing piece; the summary links to the part of the page that records it.
    app.post(
      '/incidents/:id/close',
      write,
      incidentForm(render, { note: 'closeNote', stage: 'triage', lessons: 'lessons', actions: 'actions', ico: 'ico' }, (request, id, f) => incidents.close(request.actor, id, f.closeNote ?? '', request.id), 'learning'),
    );

    app.post(
      '/incidents/:id/reopen',
      write,
      incidentForm(render, { reason: 'reopenReason', stage: 'reopenStage' }, (request, id, f) => incidents.reopen(request.actor, id, { reason: f.reopenReason ?? '', ...(f.reopenStage ? { stage: f.reopenStage } : {}) }, request.id), 'learning'),
    );

    app.post(
      '/incidents/:id/ico-decision',
      { config: { access: 'incidents.decide' }, schema: { params: IdParams } },
      incidentForm(render, { outcome: 'icoOutcome', reason: 'icoReason' }, (request, id, f) => incidents.decideIcoReporting(request.actor, id, { outcome: f.icoOutcome ?? '', reason: f.icoReason ?? '' }, request.id), 'ico'),
    );
  };
}
