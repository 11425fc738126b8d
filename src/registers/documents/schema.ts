// Schema pieces the policy library's API modules share.
import { Type, type TSchema } from 'typebox';

export const TAGS = ['Policy library'];
export const DocumentParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const CalendarDate = Type.String({ format: 'date', description: "A Europe/London calendar date, 'YYYY-MM-DD'" });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
