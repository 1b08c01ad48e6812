import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { ignoreBody, send, toApiError, type ApiError } from '../../api/client.ts';
import type { Appointment } from '../../api/scheduling.ts';
import { useFormat } from '../../format.ts';
import { schedulingProblem } from '../../problems/schedulingProblem.ts';
import type { Problem } from '../../problems/problem.ts';
import { ProblemAlert } from '../../problems/ProblemAlert.tsx';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { doseLabel, statusLabel } from './labels.ts';
import { MoveForm } from './MoveForm.tsx';

interface Props {
  appointment: Appointment;
  onMoved: (appointments: Appointment[], moved: Appointment) => void;
  onCancelled: (cancelled: Appointment) => void;
}

/** One appointment: when, where, which vaccine, and the changes still allowed. */
export function AppointmentCard({ appointment: a, onMoved, onCancelled }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const csrfToken = useCsrfToken();
  const [mode, setMode] = useState<'view' | 'move' | 'cancel'>('view');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  // Worded at render time, so a change of language re-words it.
  const problem: Problem | null = failure === null ? null : schedulingProblem(t, format, failure);
  const title = doseLabel(t, a.doseNumber);
  const headingId = `appointment-${a.id}`;

  const cancel = () => {
    setBusy(true);
    setFailure(null);
    send('POST', `/api/appointments/${a.id}/cancel`, { csrfToken, decoder: ignoreBody }).then(
      () => {
        setBusy(false);
        onCancelled(a);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(toApiError(error));
      },
    );
  };

  return (
    <li className="salus-appointment" aria-labelledby={headingId} data-testid="appointment">
      <h2 id={headingId} className="h4">
        {title}
      </h2>
      <dl className="salus-facts">
        <dt>{t('appointments.when')}</dt>
        <dd data-testid="appointment-when">
          {t('appointments.whenValue', { day: format.weekday(a.day), time: format.time(a.startsAt) })}
        </dd>
        <dt>{t('appointments.where')}</dt>
        <dd data-testid="appointment-where">{a.centre.name}</dd>
        <dt>{t('appointments.vaccine')}</dt>
        <dd>{a.product}</dd>
        <dt>{t('appointments.state')}</dt>
        <dd>{statusLabel(t, a.status)}</dd>
      </dl>
      {a.status === 'booked' && !a.canMove && <p className="text-secondary">{t('appointments.cannotMove')}</p>}
      {mode === 'view' && (a.canMove || a.canCancel) && (
        <div className="d-flex flex-wrap gap-2">
          {a.canMove && (
            <Button
              color="primary"
              outline
              onClick={() => {
                setMode('move');
              }}
              aria-label={t('appointments.moveLabel', { dose: title })}
            >
              {t('appointments.move.open')}
            </Button>
          )}
          {a.canCancel && (
            <Button
              color="danger"
              outline
              onClick={() => {
                setMode('cancel');
              }}
              aria-label={t('appointments.cancelLabel', { dose: title })}
            >
              {t('appointments.cancel.open')}
            </Button>
          )}
        </div>
      )}
      {mode === 'move' && (
        <MoveForm
          appointment={a}
          onMoved={(list) => {
            setMode('view');
            onMoved(list, a);
          }}
          onClose={() => {
            setMode('view');
          }}
        />
      )}
      {mode === 'cancel' && (
        <div className="salus-inline-form" role="group" aria-label={t('appointments.cancel.label')}>
          <p className="fw-semibold">{t('appointments.cancel.question', { day: format.weekday(a.day) })}</p>
          <p>{a.doseNumber === 1 ? t('appointments.cancel.firstDose') : t('appointments.cancel.secondDose')}</p>
          <div className="d-flex flex-wrap gap-2">
            <Button color="danger" onClick={cancel} disabled={busy}>
              {t('appointments.cancel.yes')}
            </Button>
            <Button
              color="primary"
              outline
              onClick={() => {
                setMode('view');
              }}
              disabled={busy}
            >
              {t('appointments.cancel.no')}
            </Button>
          </div>
        </div>
      )}
      {problem !== null && <ProblemAlert problem={problem} />}
    </li>
  );
}
