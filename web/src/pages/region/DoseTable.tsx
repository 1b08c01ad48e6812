import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Table } from 'design-react-kit';
import type { DoseRow } from '../../api/scheduling.ts';
import { useFormat } from '../../format.ts';
import { TableScroller } from '../../layout/TableScroller.tsx';

export interface DoseChange {
  product: string;
  doses: number;
}

interface Props {
  /** Names the table; also the prefix of its field ids. */
  id: string;
  caption: string;
  days: string[];
  products: string[];
  rows: DoseRow[];
  /** The most the server accepts for one day and product (src/scheduling/schemas.ts). */
  max: number;
  /**
   * Saves one day's changed products; resolves once the table shows the new values,
   * with the server's reason for each product it refused.
   */
  onSave: (day: string, changes: DoseChange[]) => Promise<Record<string, string>>;
}

const validDoses = (value: string, max: number) => /^\d{1,8}$/.test(value) && Number(value) <= max;

/**
 * Doses per day (rows) and product (columns), each day saved on its own:
 * capacity of a centre or deliveries to a province. Under each value, how
 * many are already booked: the server refuses to go below that.
 */
export function DoseTable({ id, caption, days, products, rows, max, onSave }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  // The server's refusals, by `day|product`, shown under the field until it is edited again.
  const [refused, setRefused] = useState<Record<string, string>>({});
  const find = (day: string, product: string) => rows.find((r) => r.day === day && r.product === product);
  const saved = (day: string, product: string) => String(find(day, product)?.doses ?? 0);
  const value = (day: string, product: string) => edits[`${day}|${product}`] ?? saved(day, product);

  const save = (day: string) => {
    const changes = products
      .filter((product) => value(day, product) !== saved(day, product))
      .map((product) => ({ product, doses: Number(value(day, product)) }));
    setBusy(true);
    void onSave(day, changes).then((reasons) => {
      setBusy(false);
      setRefused((current) => ({
        ...current,
        ...Object.fromEntries(Object.entries(reasons).map(([product, text]) => [`${day}|${product}`, text])),
      }));
      // A refused value stays in its field, so it can be corrected rather than typed again.
      setEdits((current) =>
        Object.fromEntries(
          Object.entries(current).filter(
            ([key]) => !key.startsWith(`${day}|`) || reasons[key.slice(day.length + 1)] !== undefined,
          ),
        ),
      );
    });
  };

  return (
    <TableScroller label={caption}>
      <Table className="salus-table salus-dose-table" data-testid={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('region.table.day')}</th>
            {products.map((product) => (
              <th scope="col" key={product}>
                {product}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{t('region.table.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => {
            const changed = products.some((product) => value(day, product) !== saved(day, product));
            const valid = products.every((product) => validDoses(value(day, product), max));
            return (
              <tr key={day}>
                <th scope="row">{format.weekday(day)}</th>
                {products.map((product) => {
                  const fieldId = `${id}-${day}-${product}`;
                  const key = `${day}|${product}`;
                  // Why the value is refused: the client's check first, else the server's answer.
                  const why = validDoses(value(day, product), max)
                    ? refused[key]
                    : t('region.table.invalid', { max: format.number(max) });
                  const ok = why === undefined;
                  return (
                    <td key={product}>
                      <label htmlFor={fieldId} className="visually-hidden">
                        {t('region.table.dosesFor', { product, day: format.weekday(day) })}
                      </label>
                      <input
                        id={fieldId}
                        className={`form-control form-control-sm salus-doses${ok ? '' : ' is-invalid'}`}
                        inputMode="numeric"
                        value={value(day, product)}
                        aria-invalid={!ok}
                        aria-describedby={ok ? `${fieldId}-booked` : `${fieldId}-error ${fieldId}-booked`}
                        onChange={(event) => {
                          setEdits({ ...edits, [key]: event.target.value.trim() });
                          setRefused((current) =>
                            Object.fromEntries(Object.entries(current).filter(([k]) => k !== key)),
                          );
                        }}
                      />
                      {!ok && (
                        <small
                          id={`${fieldId}-error`}
                          className="d-block text-danger salus-field-error"
                          data-testid="doses-error"
                        >
                          {why}
                        </small>
                      )}
                      <small id={`${fieldId}-booked`} className="d-block text-secondary">
                        {t('region.table.booked', { count: find(day, product)?.booked ?? 0 })}
                      </small>
                    </td>
                  );
                })}
                <td>
                  <Button
                    size="sm"
                    color="primary"
                    outline
                    disabled={busy || !changed || !valid}
                    aria-label={t('region.table.saveLabel', { day: format.weekday(day) })}
                    onClick={() => {
                      save(day);
                    }}
                  >
                    {t('region.table.save')}
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </TableScroller>
  );
}
