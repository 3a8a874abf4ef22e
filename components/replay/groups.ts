/**
 * The timeline's shape: the main agent's steps (requirements and plan) as one group, then one
 * group per sub-agent (a run of consecutive steps for one file), flattened into rows (a header
 * per group, then its steps unless the group is collapsed) for a virtualized list.
 */

export interface GroupableStep {
  ordinal: number;
  agent: 'main' | 'sub';
  file: string | null;
  tokens: number;
  search: { nllBefore: number; nllAfter: number } | null;
}

export interface StepGroup {
  /** Position among the groups. */
  index: number;
  kind: 'main' | 'file';
  /** The sub-agent's file; null for the main agent. */
  file: string | null;
  /** Step indices [first, last], inclusive. */
  first: number;
  last: number;
  tokens: number;
  searched: number;
}

export type TimelineRow = { type: 'group'; group: number } | { type: 'step'; step: number; group: number };

export interface TimelineLayout {
  groups: StepGroup[];
  rows: TimelineRow[];
  /** Row index of each step index (a collapsed group's steps: its header's row). */
  rowOfStep: Int32Array;
  /** Group indices whose steps are hidden. */
  collapsed: ReadonlySet<number>;
  /** Group index of each step index. */
  groupOfStep: Int32Array;
}

/** Groups consecutive steps of the same agent and file, in trajectory order. */
export function groupSteps(steps: readonly GroupableStep[]): StepGroup[] {
  const groups: StepGroup[] = [];
  let current: StepGroup | null = null;
  steps.forEach((step, i) => {
    const kind = step.agent === 'main' ? 'main' : 'file';
    const file = kind === 'main' ? null : step.file;
    if (!current || current.kind !== kind || current.file !== file) {
      current = { index: groups.length, kind, file, first: i, last: i, tokens: 0, searched: 0 };
      groups.push(current);
    }
    current.last = i;
    current.tokens += step.tokens;
    if (step.search) current.searched++;
  });
  return groups;
}

/** The rows of the timeline; groups in `collapsed` show only their header. */
export function layoutTimeline(steps: readonly GroupableStep[], collapsed: ReadonlySet<number> = new Set()): TimelineLayout {
  const groups = groupSteps(steps);
  const rows: TimelineRow[] = [];
  const rowOfStep = new Int32Array(steps.length);
  const groupOfStep = new Int32Array(steps.length);
  const hidden = new Set<number>();
  for (const g of groups) {
    const header = rows.length;
    rows.push({ type: 'group', group: g.index });
    const closed = collapsed.has(g.index);
    if (closed) hidden.add(g.index);
    for (let i = g.first; i <= g.last; i++) {
      groupOfStep[i] = g.index;
      if (closed) {
        rowOfStep[i] = header;
        continue;
      }
      rowOfStep[i] = rows.length;
      rows.push({ type: 'step', step: i, group: g.index });
    }
  }
  return { groups, rows, rowOfStep, groupOfStep, collapsed: hidden };
}

/**
 * The group whose header should stick to the top of the list when `firstVisibleRow` is the first
 * row in view: the group of a step row whose header has scrolled away; null when a header is
 * the first row anyway.
 */
export function stickyGroupOf(layout: TimelineLayout, firstVisibleRow: number): number | null {
  const row = layout.rows[firstVisibleRow];
  return row && row.type === 'step' ? row.group : null;
}

/** The first step of the next (+1) or previous (-1) group; from inside a group, -1 goes to its own start first. */
export function groupJump(layout: TimelineLayout, stepIndex: number, direction: 1 | -1): number {
  if (layout.groups.length === 0) return stepIndex;
  const g = layout.groups[layout.groupOfStep[stepIndex]];
  if (direction === 1) return g.index + 1 < layout.groups.length ? layout.groups[g.index + 1].first : stepIndex;
  if (stepIndex > g.first) return g.first;
  return g.index > 0 ? layout.groups[g.index - 1].first : stepIndex;
}
