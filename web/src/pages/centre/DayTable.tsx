import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Table } from 'design-react-kit';
import { dayList, type DayList } from '../../api/scheduling.ts';
import { useApi } from '../../api/useApi.ts';
import { useFormat } from '../../format.ts';
import { TableScroller } from '../../layout/TableScroller.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { dayAhead, doseLabel, statusLabel } from '../appointments/labels.ts';
import { Loading } from '../Loading.tsx';
import { DayRowActions } from './DayRowActions.tsx';

/**
 * The day's appointments at the staff member's centre, in time order. After
 * each action the list is read again; the old one stays on screen meanwhile,
 * so focus and the status message stay where they are. Key it by day.
 */
export function DayTable({ day }: { day: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useApi(`/api/centre/appointments?day=${day}`, dayList);
  const [message, setMessage] = useState<{ text: string; problem: boolean } | null>(null);
  const [lastLot, setLastLot] = useState('');
  const [shown, setShown] = useState<DayList | null>(null);
  if (list.status === 'ok' && list.data !== shown) setShown(list.data);
  const data = list.status === 'ok' ? list.data : shown;

  const status = (
    <p
      id="centre-status"
      tabIndex={-1}
      role="status"
      className={message?.problem ? 'text-danger fw-semibold' : 'fw-semibold'}
      data-testid="centre-status"
    >
      {message?.text ?? ''}
    </p>
  );
  if (data === null) {
    return (
      <>
        {status}
        {list.status === 'error' ? <ApiProblem error={list.error} onRetry={list.reload} /> : <Loading />}
      </>
    );
  }
  const { items } = data;
  const done = items.filter((i) => i.status === 'done').length;
  const caption = t('centre.caption', { centre: data.centre, day: format.weekday(day) });
  return (
    <div>
      <h2 id="day-heading" className="h4">
        {caption}
      </h2>
      <p>
        {t('centre.summary', { count: items.length })} {t('centre.summaryDone', { count: done })}
      </p>
      {status}
      {list.status === 'error' && <ApiProblem error={list.error} onRetry={list.reload} />}
      {items.length === 0 ? (
        <p>{t('centre.none')}</p>
      ) : (
        <TableScroller label={caption}>
          <Table striped className="salus-table">
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('centre.columns.time')}</th>
                <th scope="col">{t('centre.columns.person')}</th>
                <th scope="col">{t('centre.columns.birthDate')}</th>
                <th scope="col">{t('centre.columns.dose')}</th>
                <th scope="col">{t('centre.columns.status')}</th>
                <th scope="col">{t('centre.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id} data-testid={`centre-row-${item.fiscalCode}`}>
                  <td>{format.time(item.startsAt)}</td>
                  <th scope="row">
                    {item.name}
                    <code className="d-block small">{item.fiscalCode}</code>
                  </th>
                  <td>{format.date(item.birthDate)}</td>
                  <td>
                    {doseLabel(t, item.doseNumber)}, {item.product}
                  </td>
                  <td>{statusLabel(t, item.status)}</td>
                  <td>
                    <DayRowActions
                      item={item}
                      today={day === dayAhead(0)}
                      lastLot={lastLot}
                      onDone={(text, lot) => {
                        setMessage({ text, problem: false });
                        if (lot !== undefined) setLastLot(lot);
                        list.reload();
                        // The buttons that had focus are gone: keep it near, on the message.
                        document.getElementById('centre-status')?.focus();
                      }}
                      onProblem={(text) => {
                        setMessage({ text, problem: true });
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </TableScroller>
      )}
    </div>
  );
}
