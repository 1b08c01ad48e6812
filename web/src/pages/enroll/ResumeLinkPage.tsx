import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Container } from 'design-react-kit';
import type { Enrolled } from '../../api/campaigns.ts';
import { toApiError, type ApiError } from '../../api/client.ts';
import { resumeFromLink } from '../../api/enrollment.ts';
import { useFormat } from '../../format.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { enrollProblem } from '../../problems/enrollProblem.ts';
import type { Problem } from '../../problems/problem.ts';
import { ProblemAlert } from '../../problems/ProblemAlert.tsx';
import { useSession } from '../../session/SessionContext.tsx';
import { Loading } from '../Loading.tsx';
import { EnrolledNotice } from './EnrolledNotice.tsx';

type State = { status: 'working' } | { status: 'done'; enrolled: Enrolled } | { status: 'failed'; error: ApiError };

/**
 * Where the link in the SMS lands (/r/<token>), in any browser, however late:
 * the token alone confirms the saved draft. The citizen types nothing.
 */
export function ResumeLinkPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { token = '' } = useParams();
  const session = useSession();
  const [state, setState] = useState<State>({ status: 'working' });
  usePageTitle(t('resumeLink.title'));
  // Waits for the session check, so a logged-in browser sends its CSRF token.
  const ready = session.state.status !== 'loading';
  const csrfToken = session.me?.csrfToken ?? null;

  useEffect(() => {
    if (!ready) return;
    let live = true;
    resumeFromLink(token, csrfToken).then(
      (enrolled) => {
        if (live) setState({ status: 'done', enrolled });
      },
      (error: unknown) => {
        if (live) setState({ status: 'failed', error: toApiError(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [ready, token, csrfToken]);

  const problem: Problem | null =
    state.status === 'failed' ? enrollProblem({ t, format, campaign: null, audience: 'citizen' }, state.error) : null;
  return (
    <Container className="my-5">
      <h1>{t('resumeLink.title')}</h1>
      {state.status === 'working' && <Loading />}
      {state.status === 'done' && <EnrolledNotice enrolled={state.enrolled} audience="citizen" />}
      {problem !== null && (
        <ProblemAlert problem={problem} testId="resume-link-problem">
          <p className="mt-2 mb-0">
            <Link to="/riprendi">{t('resumeLink.useCode')}</Link>
          </p>
        </ProblemAlert>
      )}
    </Container>
  );
}
