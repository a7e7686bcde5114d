import type { ReactNode } from 'react';

/** A section that is planned but not built: says so, and what it will do. */
export function ComingSoon({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <div className="card coming" data-testid={testId}>
      <div className="coming__header">
        <h2>{title}</h2>
        <span className="badge">Coming soon</span>
      </div>
      {children}
    </div>
  );
}
