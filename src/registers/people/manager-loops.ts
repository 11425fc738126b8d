// Finds line-management loops (A reports to B, B to A) in the graph an import would leave behind.
// Each person has at most one manager, so following managers from any person either ends at the
// top or comes back round; each loop is reported once, on the file line of its first member.

export interface PersonNode {
  readonly key: string;
  readonly name: string;
  /** The file line, for people in the file; null for people already known and not in it. */
  readonly line: number | null;
  readonly managerKey: string | null;
}

export interface ManagerLoop {
  readonly line: number;
  readonly names: string[];
}

export function findManagerLoops(nodes: readonly PersonNode[]): ManagerLoop[] {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const state = new Map<string, 'walking' | 'done'>();
  const loops: ManagerLoop[] = [];
  for (const start of nodes) {
    if (start.line === null || state.has(start.key)) continue;
    const path: PersonNode[] = [];
    let current: PersonNode | undefined = start;
    while (current && !state.has(current.key)) {
      state.set(current.key, 'walking');
      path.push(current);
      current = current.managerKey ? byKey.get(current.managerKey) : undefined;
    }
    if (current && state.get(current.key) === 'walking') {
      const found = path.slice(path.indexOf(current));
      const lines = found.map((n) => n.line).filter((l): l is number => l !== null);
      if (lines.length > 0) {
        // Told from the member earliest in the file, so the same file always gives the same message.
        const first = Math.min(...lines);
        const at = found.findIndex((n) => n.line === first);
        const loop = [...found.slice(at), ...found.slice(0, at)];
        loops.push({ line: first, names: [...loop.map((n) => n.name), loop[0]!.name] });
      }
    }
    for (const node of path) state.set(node.key, 'done');
  }
  return loops;
}
