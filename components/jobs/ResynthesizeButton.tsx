'use client';
import { useState } from 'react';
import { ResynthesisForm } from './ResynthesisForm';

/** "Re-synthesize…" for one repository (the trajectory page) or several (the review queue): opens the settings form. */
export function ResynthesizeButton({ repository, repositories, label = 'Re-synthesize…' }: { repository?: string; repositories?: string[]; label?: string }) {
  const [open, setOpen] = useState(false);
  const names = repositories ?? (repository ? [repository] : []);
  return (
    <div className="resynthesize">
      <button type="button" data-testid="resynthesize" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {label}
      </button>
      {open ? <ResynthesisForm repositories={names} /> : null}
    </div>
  );
}
