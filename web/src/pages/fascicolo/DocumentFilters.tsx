import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { classLabel, documentClasses } from './labels.ts';

export interface Filter {
  class: string | undefined;
  from: string | undefined;
  to: string | undefined;
}
export const noFilter: Filter = { class: undefined, from: undefined, to: undefined };

/** Class and date range; applied on "Filtra", so a half-typed date never fires a search. */
export function DocumentFilters({ value, onChange }: { value: Filter; onChange: (filter: Filter) => void }) {
  const { t } = useTranslation();
  const [cls, setCls] = useState(value.class ?? '');
  const [from, setFrom] = useState(value.from ?? '');
  const [to, setTo] = useState(value.to ?? '');
  const wrongOrder = from !== '' && to !== '' && from > to;
  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (wrongOrder) return;
    onChange({
      class: cls === '' ? undefined : cls,
      from: from === '' ? undefined : from,
      to: to === '' ? undefined : to,
    });
  };
  return (
    <form onSubmit={submit} className="row g-3 align-items-end mb-3" aria-label={t('fse.documents.filter')}>
      <div className="col-12 col-md-4">
        <label htmlFor="document-class" className="form-label">
          {t('fse.documents.class')}
        </label>
        <select
          id="document-class"
          className="form-select"
          value={cls}
          onChange={(e) => {
            setCls(e.target.value);
          }}
        >
          <option value="">{t('fse.documents.allClasses')}</option>
          {documentClasses.map((code) => (
            <option key={code} value={code}>
              {classLabel(t, code)}
            </option>
          ))}
        </select>
      </div>
      <div className="col-6 col-md-3">
        <label htmlFor="document-from" className="form-label">
          {t('fse.documents.from')}
        </label>
        <input
          id="document-from"
          type="date"
          className="form-control"
          value={from}
          onChange={(e) => {
            setFrom(e.target.value);
          }}
          aria-describedby="document-dates-feedback"
        />
      </div>
      <div className="col-6 col-md-3">
        <label htmlFor="document-to" className="form-label">
          {t('fse.documents.to')}
        </label>
        <input
          id="document-to"
          type="date"
          className={`form-control${wrongOrder ? ' is-invalid' : ''}`}
          value={to}
          onChange={(e) => {
            setTo(e.target.value);
          }}
          aria-invalid={wrongOrder}
          aria-describedby="document-dates-feedback"
        />
      </div>
      <div className="col-12 col-md-2">
        <Button type="submit" color="primary" className="w-100">
          {t('fse.documents.apply')}
        </Button>
      </div>
      <div id="document-dates-feedback" aria-live="polite" className="col-12 salus-feedback-invalid mt-1">
        {wrongOrder ? t('fse.documents.wrongOrder') : ''}
      </div>
    </form>
  );
}
