'use client';
import { useState } from 'react';
import { ResynthesisForm } from './ResynthesisForm';

/** "Re-synthesize…" for one repository (the trajectory page): opens the settings form. */
export function ResynthesizeButton({ repository }: { repository: string }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="resynthesize">
      <button type="button" data-testid="resynthesize" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        Re-synthesize…
      </button>
      {open ? <ResynthesisForm repositories={[repository]} /> : null}
    </div>
  );
}
