import type { ReactNode } from 'react';
import type { Me } from '../api/identity.ts';
import { ApiProblem } from '../pages/ApiProblem.tsx';
import { Loading } from '../pages/Loading.tsx';
import { Forbidden } from './Forbidden.tsx';
import { LoginPrompt } from './LoginPrompt.tsx';
import type { LoginAs } from './login.ts';
import { useSession } from './SessionContext.tsx';

interface Props {
  /** Which login to offer to someone who is not logged in. */
  as: LoginAs;
  /** Whether this person may use the page; otherwise `forbidden` explains why not. */
  allow: (me: Me) => boolean;
  forbidden: string;
  children: (me: Me) => ReactNode;
}

/**
 * The part of a page that needs a login. The page's heading stays outside, so
 * a person who is not logged in still sees where they are, and how to get in.
 */
export function RequireSession({ as, allow, forbidden, children }: Props) {
  const session = useSession();
  if (session.state.status === 'loading') return <Loading />;
  if (session.state.status === 'error') {
    return (
      <ApiProblem
        error={session.state.error}
        onRetry={() => {
          void session.reload();
        }}
      />
    );
  }
  if (session.me === null) return <LoginPrompt as={as} />;
  if (!allow(session.me)) return <Forbidden detail={forbidden} />;
  return children(session.me);
}
