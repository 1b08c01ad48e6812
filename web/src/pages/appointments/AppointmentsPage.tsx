import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Container } from 'design-react-kit';
import { demoCampaign } from '../../api/campaigns.ts';
import { appointmentList, type Appointment } from '../../api/scheduling.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { RequireSession } from '../../session/RequireSession.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { AppointmentCard } from './AppointmentCard.tsx';
import { doseLabel } from './labels.ts';

/** The citizen's (or the represented person's) appointments, with cancel and move. */
export function AppointmentsPage() {
  const { t } = useTranslation();
  usePageTitle(t('appointments.title'));
  return (
    <Container className="my-5">
      <h1>{t('appointments.title')}</h1>
      <RequireSession as="citizen" allow={(me) => me.kind === 'citizen'} forbidden={t('appointments.citizensOnly')}>
        {(me) => <AppointmentList key={me.actingFor?.fiscalCode ?? 'self'} actingFor={me.actingFor?.name ?? null} />}
      </RequireSession>
    </Container>
  );
}

function AppointmentList({ actingFor }: { actingFor: string | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const loaded = useApi('/api/me/appointments', appointmentList);
  // After a move the server answers with the new list: shown without reloading.
  const [updated, setUpdated] = useState<Appointment[] | null>(null);
  const [status, setStatus] = useState('');
  const list = updated ?? (loaded.status === 'ok' ? loaded.data : null);

  return (
    <>
      <p className="lead">
        {actingFor === null ? t('appointments.lead') : t('appointments.leadFor', { name: actingFor })}
      </p>
      <p role="status" className="fw-semibold" data-testid="appointments-status">
        {status}
      </p>
      {list === null && loaded.status === 'loading' && <Loading />}
      {list === null && loaded.status === 'error' && <ApiProblem error={loaded.error} onRetry={loaded.reload} />}
      {list !== null && list.length === 0 && (
        <div data-testid="no-appointments">
          <p>{t('appointments.none')}</p>
          <p>
            <Link to={`/campagne/${demoCampaign}`}>{t('appointments.enroll')}</Link>
          </p>
        </div>
      )}
      {list !== null && list.length > 0 && (
        <ul className="list-unstyled salus-appointments">
          {list.map((appointment) => (
            <AppointmentCard
              key={appointment.id}
              appointment={appointment}
              onMoved={(next, moved) => {
                setUpdated(next);
                const now = next.find((a) => a.doseNumber === moved.doseNumber);
                setStatus(
                  now === undefined
                    ? t('appointments.moved')
                    : t('appointments.movedTo', {
                        dose: doseLabel(t, moved.doseNumber),
                        day: format.weekday(now.day),
                        centre: now.centre.name,
                      }),
                );
              }}
              onCancelled={(cancelled) => {
                setUpdated(null);
                setStatus(t('appointments.cancelled', { dose: doseLabel(t, cancelled.doseNumber) }));
                loaded.reload();
              }}
            />
          ))}
        </ul>
      )}
      <p className="mt-4 text-secondary">{t('appointments.rules')}</p>
    </>
  );
}
