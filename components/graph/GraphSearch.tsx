'use client';
import { useMemo, useState } from 'react';
import { searchFiles } from '@/components/graph/search';
import type { GraphFile } from '@/components/graph/types';

/** Finds a file by path; Enter or a click picks it (the graph centres and selects it). */
export function GraphSearch({ files, onPick }: { files: readonly GraphFile[]; onPick: (path: string) => void }) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const results = useMemo(() => searchFiles(files, query), [files, query]);

  const pick = (path: string) => {
    onPick(path);
    setQuery(path);
    setOpen(false);
  };

  return (
    <div className="graph-search" role="search">
      <input
        type="search"
        placeholder="Find a file…"
        aria-label="Find a file"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, results.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Escape') setOpen(false);
          else if (e.key === 'Enter' && results.length > 0) pick(results[Math.min(active, results.length - 1)]);
          else return;
          e.preventDefault();
        }}
      />
      {open && query.trim() !== '' ? (
        <ul className="graph-search-results" role="listbox" aria-label="Matching files">
          {results.length === 0 ? <li className="muted">No file matches.</li> : null}
          {results.map((p, i) => (
            <li key={p} role="option" aria-selected={i === active}>
              <button type="button" className={i === active ? 'active' : undefined} onMouseDown={(e) => e.preventDefault()} onClick={() => pick(p)}>
                {p}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
