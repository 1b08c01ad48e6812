import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import type { Campaign, Enrolled } from '../../api/campaigns.ts';
import { toApiError, type ApiError } from '../../api/client.ts';
import { enrollMe } from '../../api/enrollment.ts';
import { useFormat } from '../../format.ts';
import { enrollProblem } from '../../problems/enrollProblem.ts';
import type { Problem } from '../../problems/problem.ts';
import { ProblemAlert } from '../../problems/ProblemAlert.tsx';
import { loginHref } from '../../session/login.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { EnrolledNotice } from '../enroll/EnrolledNotice.tsx';

/**
 * The SPID/CIE channel: a citizen who is logged in is enrolled with one button,
 * at once (the login proved who they are). Others get the way to log in.
 */
export function SpidEnroll({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { me } = useSession();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Enrolled | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  // Worded at render time, so a change of language re-words it.
  const problem: Problem | null =
    failure === null ? null : enrollProblem({ t, format, campaign, audience: 'citizen' }, failure);

  if (done !== null) return <EnrolledNotice enrolled={done} audience="citizen" level={4} />;
  if (me === null) {
    return (
      <>
        <p className="it-card-text">{t('campaign.spid.text')}</p>
        <a className="btn btn-outline-primary" href={loginHref('citizen', `/campagne/${campaign.code}`)}>
          {t('campaign.spid.login')}
        </a>
      </>
    );
  }
  if (me.kind !== 'citizen') return <p className="it-card-text">{t('campaign.spid.operator')}</p>;

  const enroll = () => {
    setBusy(true);
    setFailure(null);
    enrollMe(campaign.code, me.csrfToken).then(
      (result) => {
        setBusy(false);
        setDone(result);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(toApiError(error));
      },
    );
  };
  const name = me.actingFor?.name ?? me.name ?? '';
  return (
    <>
      <p className="it-card-text">
        {me.actingFor ? t('campaign.spid.forSomeone', { name }) : t('campaign.spid.loggedIn', { name })}
      </p>
      <Button color="primary" onClick={enroll} disabled={busy || !campaign.open}>
        {me.actingFor ? t('campaign.spid.enrollFor', { name }) : t('campaign.spid.enroll')}
      </Button>
      {problem !== null && <ProblemAlert problem={problem} testId="spid-problem" />}
    </>
  );
}
