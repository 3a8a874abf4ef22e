/** How a step is drawn: its visual kind and a one-line label from the outline's preview. */

export type DrawnKind = 'think' | 'read' | 'write' | 'plan' | 'observation';

export interface LabelledStep {
  kind: 'think' | 'action' | 'observation';
  actionType: 'plan' | 'read' | 'write' | null;
  actionPath: string | null;
  preview: string;
  truncated: boolean;
}

export function drawnKindOf(step: Pick<LabelledStep, 'kind' | 'actionType'>): DrawnKind {
  if (step.kind === 'action') return step.actionType ?? 'plan';
  return step.kind;
}

export const KIND_LABEL: Record<DrawnKind, string> = {
  think: 'Think',
  read: 'Read',
  write: 'Write',
  plan: 'Plan',
  observation: 'Observation',
};

/** The first non-empty line of the preview, with an ellipsis when there is more. */
export function stepSummary(step: LabelledStep): string {
  if (step.kind === 'action' && step.actionPath) return step.actionPath;
  const text = step.preview.trim();
  const nl = text.indexOf('\n');
  const first = (nl < 0 ? text : text.slice(0, nl)).trim();
  return nl >= 0 || step.truncated ? `${first}…` : first || '(empty)';
}
