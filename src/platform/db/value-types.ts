// The two drivers return some column types differently (int8 as a string from pg, a number from
// PGlite; dates as JS Dates at local midnight from pg). One table of parsers, used by both, so
// services see the same values on either engine.

export const OID = {
  INT8: 20,
  NUMERIC: 1700,
  DATE: 1082,
  INTERVAL: 1186,
  TIMESTAMP: 1114,
  TIMESTAMPTZ: 1184,
} as const;

/** int8 counts and sums become numbers; a value beyond 2^53 would lose precision, so it is refused loudly. */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} is too large for a JavaScript number`);
  return n;
}

/** Calendar dates stay 'YYYY-MM-DD' strings: they are Europe/London dates, not instants. */
const keepText = (value: string): string => value;

/** A timestamp without time zone is taken as UTC; Custodian stores instants as timestamptz. */
const parseTimestamp = (value: string): Date => new Date(`${value.replace(' ', 'T')}Z`);
const parseTimestamptz = (value: string): Date => new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));

export const VALUE_PARSERS: Readonly<Record<number, (value: string) => unknown>> = {
  [OID.INT8]: parseInt8,
  [OID.NUMERIC]: Number,
  [OID.DATE]: keepText,
  [OID.INTERVAL]: keepText,
  [OID.TIMESTAMP]: parseTimestamp,
  [OID.TIMESTAMPTZ]: parseTimestamptz,
};
