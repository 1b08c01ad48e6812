import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { send, toApiError, type ApiError } from '../../api/client.ts';
import { appointmentList, centreList, type Appointment } from '../../api/scheduling.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { schedulingProblem } from '../../problems/schedulingProblem.ts';
import type { Problem } from '../../problems/problem.ts';
import { ProblemAlert } from '../../problems/ProblemAlert.tsx';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { Loading } from '../Loading.tsx';
import { CentreSelect } from './CentreSelect.tsx';
import { dayAhead } from './labels.ts';

interface Props {
  appointment: Appointment;
  onMoved: (appointments: Appointment[]) => void;
  onClose: () => void;
}

/** Another day and/or centre, once. The server checks capacity, supply and the vaccine's window. */
export function MoveForm({ appointment, onMoved, onClose }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const csrfToken = useCsrfToken();
  const centres = useApi('/api/scheduling/centres', centreList);
  const [day, setDay] = useState(appointment.day);
  const [centre, setCentre] = useState(appointment.centre.code);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [noDay, setNoDay] = useState(false);
  // Worded at render time, so a change of language re-words it.
  const problem: Problem | null = noDay
    ? { tone: 'danger', title: t('appointments.move.noDay'), text: t('appointments.move.noDayText') }
    : failure === null
      ? null
      : schedulingProblem(t, format, failure);
  const prefix = `move-${appointment.id}`;
  // The server checks the vaccine's window and the notice for a second dose.
  const min = dayAhead(1);

  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFailure(null);
    setNoDay(day === '');
    if (day === '') return;
    setBusy(true);
    send('POST', `/api/appointments/${appointment.id}/move`, {
      csrfToken,
      body: { day, centreCode: centre },
      decoder: appointmentList,
    }).then(
      (list) => {
        setBusy(false);
        onMoved(list ?? []);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(toApiError(error));
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate className="salus-inline-form" aria-label={t('appointments.move.label')}>
      <p>{appointment.doseNumber > 1 ? t('appointments.move.ruleSecond') : t('appointments.move.ruleFirst')}</p>
      <div className="row g-3">
        <div className="col-12 col-md-4">
          <div className="salus-field">
            <label htmlFor={`${prefix}-day`} className="form-label">
              {t('appointments.move.day')}
            </label>
            <input
              id={`${prefix}-day`}
              type="date"
              className="form-control"
              value={day}
              min={min}
              onChange={(event) => {
                setDay(event.target.value);
              }}
            />
          </div>
        </div>
        <div className="col-12 col-md-8">
          {centres.status === 'loading' && <Loading />}
          {centres.status === 'error' && <ProblemAlert problem={schedulingProblem(t, format, centres.error)} />}
          {centres.status === 'ok' && (
            <CentreSelect
              id={`${prefix}-centre`}
              label={t('appointments.move.centre')}
              centres={centres.data}
              value={centre}
              onChange={setCentre}
            />
          )}
        </div>
      </div>
      {problem !== null && <ProblemAlert problem={problem} testId="move-problem" />}
      <div className="d-flex flex-wrap gap-2 mt-3">
        <Button type="submit" color="primary" disabled={busy}>
          {t('appointments.move.submit')}
        </Button>
        <Button type="button" color="primary" outline onClick={onClose} disabled={busy}>
          {t('appointments.move.keep')}
        </Button>
      </div>
    </form>
  );
}
