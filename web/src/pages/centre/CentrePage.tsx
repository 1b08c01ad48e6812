import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Button, Container } from 'design-react-kit';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { RequireSession } from '../../session/RequireSession.tsx';
import { dayAhead } from '../appointments/labels.ts';
import { DayTable } from './DayTable.tsx';
import { WalkInForm } from './WalkInForm.tsx';

const isDay = (value: string | null): value is string =>
  value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
const shift = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Vaccination day at a centre: the day's list (in the URL, ?giorno=), check-in, doses, no-shows, walk-ins. */
export function CentrePage() {
  const { t } = useTranslation();
  usePageTitle(t('centre.title'));
  return (
    <Container className="my-5">
      <h1>{t('centre.title')}</h1>
      <RequireSession as="operator" allow={(me) => me.role === 'vaccinator'} forbidden={t('centre.staffOnly')}>
        {() => <CentreDay />}
      </RequireSession>
    </Container>
  );
}

function CentreDay() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const wanted = params.get('giorno');
  const day = isDay(wanted) ? wanted : dayAhead(0);
  const [typed, setTyped] = useState(day);
  const [lastDay, setLastDay] = useState(day);
  if (lastDay !== day) {
    setLastDay(day);
    setTyped(day);
  }
  const show = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isDay(typed)) setParams({ giorno: typed });
  };
  return (
    <>
      <p className="lead">{t('centre.lead')}</p>
      <form onSubmit={show} className="d-flex flex-wrap align-items-end gap-3 mb-4" aria-label={t('centre.dayForm')}>
        <div className="salus-field">
          <label htmlFor="centre-day" className="form-label">
            {t('centre.day')}
          </label>
          <input
            id="centre-day"
            type="date"
            className="form-control"
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
            }}
          />
        </div>
        <Button type="submit" color="primary">
          {t('centre.show')}
        </Button>
        <Link to={`?giorno=${shift(day, -1)}`}>{t('centre.previous')}</Link>
        <Link to={`?giorno=${shift(day, 1)}`}>{t('centre.next')}</Link>
      </form>
      <DayTable key={day} day={day} />
      <WalkInForm />
    </>
  );
}
