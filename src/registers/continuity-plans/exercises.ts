// A continuity-exercise's form checked against its plan: what was tested, when, the result, the
// recovery time and point achieved (flagged where they missed the plan's objectives), the gaps found
// and the actions they raise on the shared actions register (source 'exercise-gap').
import { isRealDate } from '../../platform/clock.ts';
import { validationFailed, type FieldProblem } from '../../platform/http/errors.ts';
import { EXERCISE_KINDS, EXERCISE_RESULTS, isOneOf, type Exercise, type ExerciseInput } from './entity.ts';
import { missed } from './overdue.ts';
import type { ContinuityRepository, ExerciseRow, ExerciseValues } from './repository.ts';

/** Hours as typed: empty is null (not measured); otherwise a number of hours up to a year. */
export function parseHours(value: string): number | null | 'invalid' {
  const text = value.trim();
  if (text === '') return null;
  if (!/^\d{1,4}(\.\d{1,2})?$/.test(text)) return 'invalid';
  const hours = Number(text);
  return hours <= 8784 ? hours : 'invalid';
}

export interface CheckedExercise {
  readonly values: ExerciseValues;
  readonly actions: ReadonlyArray<{ readonly title: string; readonly dueOn: string; readonly ownerPersonId: string }>;
}

export async function checkExercise(repository: ContinuityRepository, input: ExerciseInput, plan: { ownerPersonId: string }, today: string): Promise<CheckedExercise> {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  if (!isOneOf(EXERCISE_KINDS, input.kind)) problem('kind', 'Choose the kind of exercise: restore test, failover, tabletop or full exercise');
  const exercisedOn = input.exercisedOn.trim();
  if (!isRealDate(exercisedOn)) problem('exercisedOn', 'Enter the date of the exercise as YYYY-MM-DD, such as 2026-03-31');
  else if (exercisedOn > today) problem('exercisedOn', 'The date of the exercise cannot be in the future');
  const scenario = input.scenario.trim();
  if (scenario === '') problem('scenario', 'Enter the scenario the exercise tested');
  if (scenario.length > 2000) problem('scenario', 'The scenario must be 2,000 characters or fewer');
  if (!isOneOf(EXERCISE_RESULTS, input.result)) problem('result', 'Choose the result: passed, passed with issues or failed');
  const rto = parseHours(input.achievedRtoHours);
  const rpo = parseHours(input.achievedRpoHours);
  if (rto === 'invalid') problem('achievedRtoHours', 'Enter the recovery time achieved in hours, such as 4 or 0.5, or leave it empty if not measured');
  if (rpo === 'invalid') problem('achievedRpoHours', 'Enter the recovery point achieved in hours, such as 24 or 0.25, or leave it empty if not measured');
  const actions: Array<{ title: string; dueOn: string; ownerPersonId: string }> = [];
  for (const [index, action] of input.actions.entries()) {
    const field = `actions-${index}-title`;
    const title = action.title.trim();
    if (title === '' && action.dueOn.trim() === '') continue;
    if (title === '' || title.length > 200) problem(field, 'Enter what must be done about the gap, in 200 characters or fewer');
    if (!isRealDate(action.dueOn.trim())) problem(field, `Enter the action’s due date as YYYY-MM-DD, such as 2027-01-31`);
    const owner = action.owner?.trim() ? await repository.personByReference(action.owner) : { id: plan.ownerPersonId };
    if (!owner) problem(field, `No one in the people register has the email or staff number ${action.owner?.trim() ?? ''}`);
    actions.push({ title, dueOn: action.dueOn.trim(), ownerPersonId: owner?.id ?? plan.ownerPersonId });
  }
  if (problems.length > 0) throw validationFailed(problems);
  return {
    values: {
      kind: input.kind as ExerciseValues['kind'],
      exercisedOn,
      scenario,
      participants: input.participants.trim(),
      result: input.result as ExerciseValues['result'],
      achievedRtoHours: rto as number | null,
      achievedRpoHours: rpo as number | null,
      gaps: input.gaps.trim(),
      evidence: input.evidence.trim(),
    },
    actions,
  };
}

export const toExercise = (row: ExerciseRow, plan: { rtoHours: number; rpoHours: number }): Exercise => ({
  ...row,
  rtoMissed: missed(row.achievedRtoHours, plan.rtoHours),
  rpoMissed: missed(row.achievedRpoHours, plan.rpoHours),
});
