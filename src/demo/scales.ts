// How big a generated department is. `department` is issue 14's benchmark; `small` is for quick checks
// (under two minutes); `tiny` keeps the tests fast.
export interface Scale {
  readonly people: number;
  readonly units: number;
  readonly services: number;
  readonly assets: number;
  readonly suppliers: number;
  readonly risks: number;
  readonly incidents: number;
  readonly trainingRecords: number;
  readonly documents: number;
  /** Statements across the documents: each becomes a requirement. */
  readonly requirements: number;
}

export const SCALES = {
  tiny: { people: 300, units: 8, services: 10, assets: 60, suppliers: 10, risks: 40, incidents: 100, trainingRecords: 1_500, documents: 3, requirements: 30 },
  small: { people: 1_500, units: 12, services: 50, assets: 500, suppliers: 50, risks: 200, incidents: 1_000, trainingRecords: 15_000, documents: 10, requirements: 200 },
  department: { people: 150_000, units: 60, services: 5_000, assets: 50_000, suppliers: 5_000, risks: 20_000, incidents: 100_000, trainingRecords: 1_500_000, documents: 40, requirements: 2_000 },
} as const satisfies Record<string, Scale>;

export type ScaleName = keyof typeof SCALES;
export const SCALE_NAMES = Object.keys(SCALES) as ScaleName[];
export const isScaleName = (name: string): name is ScaleName => Object.hasOwn(SCALES, name);
