'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import type { StepOutline } from '@/components/replay/data';
import { formatDelta, formatTokens } from '@/components/replay/format';
import { stickyGroupOf, type StepGroup, type TimelineLayout } from '@/components/replay/groups';
import { drawnKindOf, KIND_LABEL, stepSummary } from '@/components/replay/stepKind';

const GROUP_HEIGHT = 34;
const ROW_HEIGHT = 30;

interface Props {
  steps: StepOutline[];
  layout: TimelineLayout;
  /** Index of the current step. */
  current: number;
  /** Files in the plan, by path: their position, for the group headers. */
  planPosition: Map<string, number>;
  planSize: number;
  onSelect(index: number): void;
  /** Collapses or expands one group's steps. */
  onToggleGroup(group: number): void;
}

/**
 * Every step, grouped (main agent, then one group per file), as a virtualized listbox: only the
 * rows in view are in the DOM, so thousands of steps scroll smoothly. Fixed row heights keep
 * scrolling to a step exact. The header of the group in view sticks to the top; groups collapse.
 */
export function Timeline({ steps, layout, current, planPosition, planSize, onSelect, onToggleGroup }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { rows } = layout;
  const currentRow = steps.length ? layout.rowOfStep[current] : 0;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i].type === 'group' ? GROUP_HEIGHT : ROW_HEIGHT),
    overscan: 10,
    // Rows in the first render (server and hydration) before the list is measured.
    initialRect: { width: 360, height: 720 },
  });

  // Keep the current row in view (as little scrolling as possible).
  useEffect(() => {
    if (rows.length) virtualizer.scrollToIndex(currentRow, { align: 'auto' });
  }, [currentRow, rows.length, virtualizer]);

  const sticky = stickyGroupOf(layout, virtualizer.range?.startIndex ?? 0);

  if (steps.length === 0) {
    return (
      <div className="timeline timeline-empty" data-testid="timeline" role="listbox" aria-label="Steps">
        <p className="muted">This trajectory has no steps.</p>
      </div>
    );
  }

  return (
    <div
      ref={scrollRef}
      className="timeline"
      data-testid="timeline"
      role="listbox"
      aria-label={`Steps (${steps.length})`}
      aria-activedescendant={`step-${steps[current].ordinal}`}
      tabIndex={0}
    >
      {sticky !== null ? (
        <div className="timeline-sticky" data-testid="timeline-sticky">
          <GroupHeader group={layout.groups[sticky]} collapsed={false} holdsCurrent={false} style={{ height: GROUP_HEIGHT }} planPosition={planPosition} planSize={planSize} onSelect={onSelect} onToggle={onToggleGroup} />
        </div>
      ) : null}
      <div className="timeline-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          const style = { transform: `translateY(${item.start}px)`, height: item.size };
          if (row.type === 'group') {
            const group = layout.groups[row.group];
            return (
              <GroupHeader key={item.key} group={group} collapsed={layout.collapsed.has(row.group)} holdsCurrent={group.first <= current && current <= group.last} style={style} planPosition={planPosition} planSize={planSize} onSelect={onSelect} onToggle={onToggleGroup} />
            );
          }
          return <StepRow key={item.key} step={steps[row.step]} index={row.step} total={steps.length} current={row.step === current} style={style} onSelect={onSelect} />;
        })}
      </div>
    </div>
  );
}

const GroupHeader = memo(function GroupHeader({
  group,
  collapsed,
  holdsCurrent,
  style,
  planPosition,
  planSize,
  onSelect,
  onToggle,
}: {
  group: StepGroup;
  collapsed: boolean;
  /** The current step is in this group: marked when the group is collapsed, so it is still found. */
  holdsCurrent: boolean;
  style: React.CSSProperties;
  planPosition: Map<string, number>;
  planSize: number;
  onSelect(index: number): void;
  onToggle(group: number): void;
}) {
  const position = group.file !== null ? planPosition.get(group.file) : undefined;
  const steps = group.last - group.first + 1;
  const name = group.file ?? 'the main agent';
  return (
    <div
      className={`timeline-group timeline-group-${group.kind}${collapsed ? ' is-collapsed' : ''}${collapsed && holdsCurrent ? ' is-current' : ''}`}
      style={style}
      role="presentation"
      data-testid="timeline-group"
      data-collapsed={collapsed}
      onClick={() => onSelect(group.first)}
    >
      <button
        type="button"
        className="timeline-group-toggle"
        aria-expanded={!collapsed}
        aria-label={`${collapsed ? 'Show' : 'Hide'} the steps of ${name}`}
        title={collapsed ? 'Show its steps' : 'Hide its steps'}
        onClick={(e) => {
          e.stopPropagation();
          onToggle(group.index);
        }}
        onKeyDown={(e) => e.stopPropagation()}
      >
        {collapsed ? '▸' : '▾'}
      </button>
      <span className="timeline-group-title" title={group.file ?? undefined}>
        {/* The title is right-aligned by direction: rtl so a long path keeps its end; the path itself stays left-to-right (`_a.js`, not `a.js_`). */}
        <bdi dir="ltr">{group.kind === 'main' ? 'Main agent · requirements and plan' : group.file}</bdi>
      </span>
      <span className="timeline-group-facts">
        {position !== undefined ? <span title="Position in the plan">{`${position + 1}/${planSize}`}</span> : null}
        <span>{`${steps} ${steps === 1 ? 'step' : 'steps'}`}</span>
        <span title={`${group.tokens.toLocaleString('en-US')} tokens`}>{`${formatTokens(group.tokens)} tok`}</span>
      </span>
    </div>
  );
});

const StepRow = memo(function StepRow({
  step,
  index,
  total,
  current,
  style,
  onSelect,
}: {
  step: StepOutline;
  index: number;
  total: number;
  current: boolean;
  style: React.CSSProperties;
  onSelect(index: number): void;
}) {
  const kind = drawnKindOf(step);
  const summary = stepSummary(step);
  return (
    <div
      id={`step-${step.ordinal}`}
      className={`step-row step-kind-${kind}${current ? ' is-current' : ''}${step.lossMasked ? ' is-masked' : ''}`}
      style={style}
      role="option"
      aria-selected={current}
      aria-current={current ? 'step' : undefined}
      aria-posinset={index + 1}
      aria-setsize={total}
      data-testid="step-row"
      data-ordinal={step.ordinal}
      data-kind={kind}
      onClick={() => onSelect(index)}
    >
      <span className="step-ordinal">{step.ordinal}</span>
      <span className={`kind-chip kind-${kind}`}>{KIND_LABEL[kind]}</span>
      <span className="step-summary" title={summary}>
        {summary}
      </span>
      {step.search ? (
        <span className={`step-nll ${step.search.nllAfter < step.search.nllBefore ? 'is-lower' : ''}`} title={`NLL ${step.search.nllBefore.toFixed(3)} → ${step.search.nllAfter.toFixed(3)} after search`}>
          {formatDelta(step.search.nllBefore, step.search.nllAfter)}
        </span>
      ) : null}
      <span className="step-tokens" title={`${step.tokens.toLocaleString('en-US')} tokens${step.lossMasked ? ' (loss-masked)' : ''}`}>
        {formatTokens(step.tokens)}
      </span>
    </div>
  );
});
