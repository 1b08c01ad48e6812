import { Alert } from 'design-react-kit';
import type { ReactNode } from 'react';
import type { Problem } from './problem.ts';

interface Props {
  problem: Problem;
  /** A next step (a link or a button) under the text. */
  children?: ReactNode;
  testId?: string;
}

/**
 * A problem in words, announced when it appears: role="alert" for errors, a
 * polite status for information (already enrolled, group not open yet).
 */
export function ProblemAlert({ problem, children, testId }: Props) {
  return (
    <Alert
      color={problem.tone}
      fade={false}
      className="mt-3"
      role={problem.tone === 'info' ? 'status' : 'alert'}
      data-testid={testId}
    >
      <p className="fw-semibold mb-1">{problem.title}</p>
      <p className="mb-0">{problem.text}</p>
      {children}
    </Alert>
  );
}
