// A framework's requirements as the page shows them: top-level nodes, each with its descendants in
// document order and their depth, so a 1,900-node library folds into one section per top-level node.
import type { ControlLink, FrameworkRequirement } from './entity.ts';

export type LinkedRequirement = FrameworkRequirement & { readonly controls: readonly ControlLink[]; readonly throughMappings: readonly ControlLink[] };

export interface RequirementSection {
  readonly top: LinkedRequirement;
  readonly rows: ReadonlyArray<{ readonly requirement: LinkedRequirement; readonly depth: number }>;
  /** Requirements in the section, itself included, with a control straight or through a mapping. */
  readonly mapped: number;
  readonly size: number;
}

export function requirementTree(requirements: readonly LinkedRequirement[]): RequirementSection[] {
  const children = new Map<string | null, LinkedRequirement[]>();
  const ids = new Set(requirements.map((r) => r.id));
  for (const r of requirements) {
    // A node whose parent is not shown (retired, or outside a profile's selection) starts a section.
    const parent = r.parentId !== null && ids.has(r.parentId) ? r.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  return (children.get(null) ?? []).map((top) => {
    const rows: Array<{ requirement: LinkedRequirement; depth: number }> = [];
    const walk = (node: LinkedRequirement, depth: number) => {
      rows.push({ requirement: node, depth });
      for (const child of children.get(node.id) ?? []) walk(child, depth + 1);
    };
    walk(top, 0);
    return { top, rows, mapped: rows.filter((r) => r.requirement.controls.length + r.requirement.throughMappings.length > 0).length, size: rows.length };
  });
}
