// A framework's coverage from which controls serve which requirements and where those controls are
// implemented. Computed here rather than in SQL: per service, the union of its controls' requirements is a
// bitwise OR over one small bitset per control, where SQL would join every requirement to every
// implementation (millions of rows at department scale; see docs/performance.md).
import type { Coverage, CoverageRow } from './entity.ts';

export interface CoverageInput {
  readonly total: number;
  readonly served: ReadonlyArray<{ readonly requirementId: string; readonly controlId: string }>;
  readonly implemented: ReadonlyArray<{ readonly controlId: string; readonly serviceId: string | null; readonly serviceName: string | null; readonly unitCode: string; readonly unitName: string }>;
}

class Bits {
  readonly words: Uint32Array;
  constructor(size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
  }
  set(index: number): void {
    this.words[index >>> 5]! |= 1 << (index & 31);
  }
  or(other: Bits): void {
    for (let i = 0; i < this.words.length; i++) this.words[i]! |= other.words[i]!;
  }
  count(): number {
    let n = 0;
    for (let word of this.words) {
      // Counts the set bits of one word (Hamming weight).
      word -= (word >>> 1) & 0x55555555;
      word = (word & 0x33333333) + ((word >>> 2) & 0x33333333);
      n += (((word + (word >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }
}

export function computeCoverage(input: CoverageInput): Coverage {
  const index = new Map<string, number>();
  for (const { requirementId } of input.served) if (!index.has(requirementId)) index.set(requirementId, index.size);
  const size = Math.max(index.size, 1);
  const byControl = new Map<string, Bits>();
  for (const { requirementId, controlId } of input.served) {
    const bits = byControl.get(controlId) ?? new Bits(size);
    bits.set(index.get(requirementId)!);
    byControl.set(controlId, bits);
  }
  const all = new Bits(size);
  const units = new Map<string, { name: string; bits: Bits }>();
  const services = new Map<string, { name: string; bits: Bits }>();
  const add = (groups: Map<string, { name: string; bits: Bits }>, id: string, name: string, bits: Bits) => {
    const group = groups.get(id) ?? { name, bits: new Bits(size) };
    group.bits.or(bits);
    groups.set(id, group);
  };
  for (const place of input.implemented) {
    const bits = byControl.get(place.controlId);
    if (!bits) continue;
    all.or(bits);
    add(units, place.unitCode, place.unitName, bits);
    if (place.serviceId) add(services, place.serviceId, place.serviceName ?? '', bits);
  }
  const rows = (groups: Map<string, { name: string; bits: Bits }>): CoverageRow[] =>
    [...groups].map(([id, g]) => ({ id, name: g.name, covered: g.bits.count() })).filter((r) => r.covered > 0).sort((a, b) => b.covered - a.covered || a.name.localeCompare(b.name));
  return { total: input.total, covered: all.count(), byUnit: rows(units), byService: rows(services) };
}
