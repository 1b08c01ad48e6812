import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { ignoreBody, send, toApiError } from '../../api/client.ts';
import { vaccination, type DayListItem } from '../../api/scheduling.ts';
import { useFormat } from '../../format.ts';
import { schedulingProblem } from '../../problems/schedulingProblem.ts';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { lotPattern } from './lot.ts';

interface Props {
  item: DayListItem;
  /** Whether the list is today's: arrival, dose and no-show are recorded on the day only (the API refuses others). */
  today: boolean;
  /** The last lot used at this desk: staff use the same vial lot for many people. */
  lastLot: string;
  onDone: (message: string, lot?: string) => void;
  onProblem: (message: string) => void;
}

/** Check-in, dose recording (with the lot) and no-show for one appointment of the day. */
export function DayRowActions({ item, today, lastLot, onDone, onProblem }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const csrfToken = useCsrfToken();
  const [recording, setRecording] = useState(false);
  const [lot, setLot] = useState(lastLot);
  const [busy, setBusy] = useState(false);
  const [lotError, setLotError] = useState<string | null>(null);
  const lotId = `lot-${item.id}`;
  const open = item.status === 'booked' || item.status === 'checked_in';

  const act = (path: string, done: string, body?: unknown, usedLot?: string) => {
    setBusy(true);
    const decoder = body === undefined ? ignoreBody : vaccination;
    send('POST', `/api/centre/appointments/${item.id}/${path}`, { csrfToken, body, decoder }).then(
      () => {
        setBusy(false);
        setRecording(false);
        onDone(done, usedLot);
      },
      (error: unknown) => {
        setBusy(false);
        const problem = schedulingProblem(t, format, toApiError(error));
        onProblem(`${problem.title}. ${problem.text}`);
      },
    );
  };

  const recordDose = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = lot.trim();
    if (!lotPattern.test(value)) {
      setLotError(t('centre.lot.invalid'));
      document.getElementById(lotId)?.focus();
      return;
    }
    setLotError(null);
    act('dose', t('centre.done.dose', { name: item.name, lot: value }), { lot: value }, value);
  };

  if (!open) return <span>{item.status === 'done' ? t('centre.recorded') : ''}</span>;
  if (!today) return <span>{t('centre.onTheDayOnly')}</span>;
  if (recording) {
    return (
      <form
        onSubmit={recordDose}
        noValidate
        className="salus-lot-form"
        aria-label={t('centre.lot.form', { name: item.name })}
      >
        <label htmlFor={lotId} className="form-label">
          {t('centre.lot.label')}
        </label>
        <input
          id={lotId}
          className={`form-control form-control-sm${lotError === null ? '' : ' is-invalid'}`}
          value={lot}
          maxLength={40}
          autoComplete="off"
          aria-invalid={lotError !== null}
          aria-describedby={`${lotId}-feedback`}
          onChange={(event) => {
            setLot(event.target.value);
          }}
        />
        <div id={`${lotId}-feedback`} aria-live="polite" className="salus-feedback-invalid">
          {lotError ?? ''}
        </div>
        <div className="d-flex flex-wrap gap-2 mt-1">
          <Button type="submit" color="primary" size="sm" disabled={busy}>
            {t('centre.lot.save')}
          </Button>
          <Button
            type="button"
            color="primary"
            outline
            size="sm"
            disabled={busy}
            onClick={() => {
              setRecording(false);
            }}
          >
            {t('centre.lot.cancel')}
          </Button>
        </div>
      </form>
    );
  }
  return (
    <div className="d-flex flex-wrap gap-2">
      {item.status === 'booked' && (
        <Button
          color="primary"
          outline
          size="sm"
          disabled={busy}
          onClick={() => {
            act('check-in', t('centre.done.checkIn', { name: item.name }));
          }}
          aria-label={t('centre.checkInLabel', { name: item.name })}
        >
          {t('centre.checkIn')}
        </Button>
      )}
      <Button
        color="primary"
        size="sm"
        disabled={busy}
        onClick={() => {
          setRecording(true);
        }}
        aria-label={t('centre.doseLabel', { name: item.name })}
      >
        {t('centre.dose')}
      </Button>
      <Button
        color="danger"
        outline
        size="sm"
        disabled={busy}
        onClick={() => {
          act('no-show', t('centre.done.noShow', { name: item.name }));
        }}
        aria-label={t('centre.noShowLabel', { name: item.name })}
      >
        {t('centre.noShow')}
      </Button>
    </div>
  );
}
