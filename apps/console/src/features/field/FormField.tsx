import type { ReactNode } from 'react';

/** A labelled block of a phone form, with its error read out (role=alert) under it. */
export function FormField({ label, error, children }: { label: string; error?: string | false; children: ReactNode }) {
  return (
    <div className="field-form-item">
      <div className="field-form-label">{label}</div>
      {children}
      {error && <div role="alert" className="field-form-error">{error}</div>}
    </div>
  );
}
