import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { send, ignoreBody, toApiError } from '../../api/client.ts';
import { useFormat } from '../../format.ts';
import { schedulingProblem } from '../../problems/schedulingProblem.ts';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { Loading } from '../Loading.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { DoseTable, type DoseChange } from './DoseTable.tsx';
import { daysFrom, isDay } from './range.ts';
import { useDoseRows } from './useDoseRows.ts';

export const daysShown = 7;

interface Props {
  /** 'capacity' (a centre's doses) or 'supply' (deliveries to a province). */
  kind: 'capacity' | 'supply';
  /** The centre code or the province abbreviation. */
  target: string;
  targetName: string;
  from: string;
  products: string[];
}

/** A week of one centre's capacity or one province's supply, editable row by row. */
export function PlanEditor({ kind, target, targetName, from, products }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const csrfToken = useCsrfToken();
  const days = isDay(from) ? daysFrom(from, daysShown) : [];
  const to = days[days.length - 1] ?? from;
  const base = kind === 'capacity' ? `/api/scheduling/centres/${encodeURIComponent(target)}/capacity` : `/api/scheduling/supply/${encodeURIComponent(target)}`;
  const data = useDoseRows(`${base}?from=${from}&to=${to}`);
  const [message, setMessage] = useState<{ text: string; problem: boolean } | null>(null);
  const caption = kind === 'capacity' ? t('region.capacity.caption', { name: targetName }) : t('region.supply.caption', { name: targetName });

  const save = async (day: string, changes: DoseChange[]): Promise<void> => {
    setMessage(null);
    const done: DoseChange[] = [];
    try {
      for (const { product, doses } of changes) {
        const body = kind === 'capacity' ? { centreCode: target, day, product, doses } : { province: target, day, product, doses };
        await send('PUT', kind === 'capacity' ? '/api/scheduling/capacity' : '/api/scheduling/supply', { csrfToken, body, decoder: ignoreBody });
        done.push({ product, doses });
      }
      const list = done.map((c) => t('region.change', { product: c.product, doses: format.number(c.doses) })).join(', ');
      setMessage({ text: t('region.saved', { day: format.weekday(day), name: targetName, changes: list }), problem: false });
    } catch (error) {
      const problem = schedulingProblem(t, format, toApiError(error));
      setMessage({ text: `${problem.title}. ${problem.text}`, problem: true });
    }
    await data.refresh();
  };

  return (
    <>
      <p role="status" className={message?.problem ? 'text-danger fw-semibold' : 'fw-semibold'} data-testid={`${kind}-status`}>
        {message?.text ?? ''}
      </p>
      {days.length === 0 && <p>{t('region.badDay')}</p>}
      {days.length > 0 && data.rows === null && data.error === null && <Loading />}
      {data.error !== null && <ApiProblem error={data.error} onRetry={() => void data.refresh()} />}
      {days.length > 0 && data.rows !== null && (
        <DoseTable id={`${kind}-table`} caption={caption} days={days} products={products} rows={data.rows} onSave={save} />
      )}
    </>
  );
}
