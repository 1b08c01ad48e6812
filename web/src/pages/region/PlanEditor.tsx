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
// The largest values the server accepts (CapacityBody and SupplyBody in src/scheduling/schemas.ts).
const maxDoses = { capacity: 100_000, supply: 10_000_000 } as const;

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
  const base =
    kind === 'capacity'
      ? `/api/scheduling/centres/${encodeURIComponent(target)}/capacity`
      : `/api/scheduling/supply/${encodeURIComponent(target)}`;
  const data = useDoseRows(`${base}?from=${from}&to=${to}`);
  const [message, setMessage] = useState<{ text: string; problem: boolean } | null>(null);
  const caption =
    kind === 'capacity'
      ? t('region.capacity.caption', { name: targetName })
      : t('region.supply.caption', { name: targetName });

  const save = async (day: string, changes: DoseChange[]): Promise<Record<string, string>> => {
    setMessage(null);
    const done: DoseChange[] = [];
    const refused: Record<string, string> = {};
    for (const { product, doses } of changes) {
      const body =
        kind === 'capacity' ? { centreCode: target, day, product, doses } : { province: target, day, product, doses };
      try {
        await send('PUT', kind === 'capacity' ? '/api/scheduling/capacity' : '/api/scheduling/supply', {
          csrfToken,
          body,
          decoder: ignoreBody,
        });
        done.push({ product, doses });
      } catch (error) {
        // Said next to the field it concerns, and summed up in the status line.
        const problem = schedulingProblem(t, format, toApiError(error));
        refused[product] = `${problem.title}. ${problem.text}`;
      }
    }
    const list = done.map((c) => t('region.change', { product: c.product, doses: format.number(c.doses) })).join(', ');
    const failed = Object.keys(refused);
    setMessage(
      failed.length > 0
        ? { text: t('region.refused', { products: failed.join(', ') }), problem: true }
        : { text: t('region.saved', { day: format.weekday(day), name: targetName, changes: list }), problem: false },
    );
    await data.refresh();
    return refused;
  };

  return (
    <>
      <p
        role="status"
        className={message?.problem ? 'text-danger fw-semibold' : 'fw-semibold'}
        data-testid={`${kind}-status`}
      >
        {message?.text ?? ''}
      </p>
      {days.length === 0 && <p>{t('region.badDay')}</p>}
      {days.length > 0 && data.rows === null && data.error === null && <Loading />}
      {data.error !== null && <ApiProblem error={data.error} onRetry={() => void data.refresh()} />}
      {days.length > 0 && data.rows !== null && (
        <DoseTable
          id={`${kind}-table`}
          caption={caption}
          days={days}
          products={products}
          rows={data.rows}
          max={maxDoses[kind]}
          onSave={save}
        />
      )}
    </>
  );
}
