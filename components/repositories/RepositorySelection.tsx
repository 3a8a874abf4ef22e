'use client';
import { createContext, useContext, useState } from 'react';
import { ResynthesisForm } from '../jobs/ResynthesisForm';

interface Selection {
  selected: ReadonlySet<string>;
  toggle: (name: string, on: boolean) => void;
  setMany: (names: string[], on: boolean) => void;
}

const SelectionContext = createContext<Selection | null>(null);

/**
 * Selection of repositories on the list (for reviewers and admins) and the "Re-synthesize…"
 * form for them. The table stays a server component; its checkboxes read this context.
 */
export function RepositorySelection({ children, synthesized = [] }: { children: React.ReactNode; /** Names (on this page) that have a synthesis run. */ synthesized?: string[] }) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [open, setOpen] = useState(false);
  const update = (names: string[], on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      for (const n of names) if (on) next.add(n);
      else next.delete(n);
      return next;
    });
  const names = [...selected];
  const ran = new Set(synthesized);
  // A repository never synthesized is synthesized, not re-synthesized.
  const label = names.length > 0 && names.every((n) => !ran.has(n)) ? 'Synthesize…' : names.some((n) => !ran.has(n)) ? 'Synthesize / re-synthesize…' : 'Re-synthesize…';
  return (
    <SelectionContext.Provider value={{ selected, toggle: (name, on) => update([name], on), setMany: update }}>
      <div className="selection-bar">
        <button type="button" data-testid="resynthesize" aria-expanded={open} disabled={names.length === 0 && !open} onClick={() => setOpen((o) => !o)}>
          {label}
        </button>
        <span className="muted small">{names.length === 0 ? 'Select repositories to synthesize or re-synthesize them.' : `${names.length} selected`}</span>
        {names.length > 0 ? (
          <button type="button" className="link-button small" onClick={() => setSelected(new Set())}>
            Clear
          </button>
        ) : null}
      </div>
      {open ? <ResynthesisForm repositories={names} /> : null}
      {children}
    </SelectionContext.Provider>
  );
}

/** A row's checkbox. */
export function SelectRepositoryCheckbox({ name }: { name: string }) {
  const selection = useContext(SelectionContext);
  if (!selection) return null;
  return (
    <input
      type="checkbox"
      data-testid="select-repository"
      value={name}
      aria-label={`Select ${name}`}
      checked={selection.selected.has(name)}
      onChange={(e) => selection.toggle(name, e.target.checked)}
    />
  );
}

/** The header's checkbox: every repository on this page. */
export function SelectAllRepositories({ names }: { names: string[] }) {
  const selection = useContext(SelectionContext);
  if (!selection) return null;
  const all = names.length > 0 && names.every((n) => selection.selected.has(n));
  return <input type="checkbox" data-testid="select-all-repositories" aria-label="Select every repository on this page" checked={all} onChange={(e) => selection.setMany(names, e.target.checked)} />;
}
