import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Table } from 'design-react-kit';
import { documentPagePath, type RecordBase } from '../../api/records.ts';
import { useApi } from '../../api/useApi.ts';
import { labTrends, type Analyte, type LabPoint } from '../../api/views.ts';
import { useFormat } from '../../format.ts';
import { TableScroller } from '../../layout/TableScroller.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { LabChart } from './LabChart.tsx';
import { rangeText, useDecimal } from './labFormat.ts';

/**
 * Laboratory results over time: per analyte, the values of every laboratory report the reader may see, whichever
 * facility produced it, as a chart with its reference range and as a table (the chart's text alternative).
 */
export function LabResultsSection({ base }: { base: RecordBase }) {
  const { t } = useTranslation();
  const trends = useApi(`${base}/lab-results`, labTrends);
  return (
    <section id="esami" aria-labelledby="lab-heading" className="mb-5">
      <h2 id="lab-heading">{t('fse.lab.heading')}</h2>
      {trends.status === 'loading' && <Loading />}
      {trends.status === 'error' && <ApiProblem error={trends.error} onRetry={trends.reload} />}
      {trends.status === 'ok' &&
        (trends.data.analytes.length === 0 ? (
          <p>{t('fse.lab.none')}</p>
        ) : (
          <>
            <p>{t('fse.lab.lead')}</p>
            {trends.data.analytes.map((a, i) => (
              <AnalyteBlock key={a.key} analyte={a} index={i} base={base} />
            ))}
          </>
        ))}
    </section>
  );
}

function AnalyteBlock({ analyte, index, base }: { analyte: Analyte; index: number; base: RecordBase }) {
  const { t } = useTranslation();
  const decimal = useDecimal();
  const headingId = `lab-analyte-${index}`;
  const out = analyte.points.filter((p) => p.flag === 'high' || p.flag === 'low' || p.flag === 'abnormal').length;
  const range = rangeText(analyte.referenceRange, decimal);
  return (
    <article aria-labelledby={headingId} className="mb-4" data-testid="lab-analyte">
      <h3 id={headingId} className="h5">
        {analyte.name}
        {analyte.unit !== null && <span className="fw-normal"> ({analyte.unit})</span>}
      </h3>
      <p className="small mb-1">
        {analyte.referenceRange === null
          ? t('fse.lab.noRange')
          : t('fse.lab.rangeLegend', { range, unit: analyte.unit ?? '' })}{' '}
        {t('fse.lab.summary', { count: analyte.points.length, out })}
      </p>
      <LabChart analyte={analyte} />
      <LabTable analyte={analyte} base={base} />
    </article>
  );
}

function LabTable({ analyte, base }: { analyte: Analyte; base: RecordBase }) {
  const { t } = useTranslation();
  const format = useFormat();
  const decimal = useDecimal();
  const caption = t('fse.lab.caption', { name: analyte.name });
  const flagText = (flag: LabPoint['flag']) =>
    flag === 'high'
      ? t('fse.lab.flagLong.high')
      : flag === 'low'
        ? t('fse.lab.flagLong.low')
        : flag === 'abnormal'
          ? t('fse.lab.flagLong.abnormal')
          : flag === 'normal'
            ? t('fse.lab.flagLong.normal')
            : t('fse.lab.flagLong.none');
  const valueText = (p: LabPoint) => {
    if (p.reported.value === null) return p.reported.text ?? '–';
    const reported = `${decimal(p.reported.value)} ${p.reported.unit ?? ''}`.trim();
    // A value reported in another unit shows both: the laboratory's words first, then the chart's.
    return p.value !== null && p.reported.unit !== analyte.unit
      ? `${reported} (${decimal(p.value)} ${analyte.unit ?? ''})`.trim()
      : reported;
  };
  return (
    <TableScroller label={caption}>
      <Table striped size="sm" className="salus-table" data-testid="lab-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fse.lab.columns.date')}</th>
            <th scope="col">{t('fse.lab.columns.value')}</th>
            <th scope="col">{t('fse.lab.columns.range')}</th>
            <th scope="col">{t('fse.lab.columns.flag')}</th>
            <th scope="col">{t('fse.lab.columns.source')}</th>
          </tr>
        </thead>
        <tbody>
          {analyte.points.map((p) => (
            <tr key={p.observationId}>
              <th scope="row" className="text-nowrap fw-normal">
                {p.date.includes('T') ? format.dateTime(p.date) : format.date(p.date)}
              </th>
              <td className={p.flag === 'high' || p.flag === 'low' ? 'fw-bold text-nowrap' : 'text-nowrap'}>
                {valueText(p)}
              </td>
              <td className="text-nowrap">{rangeText(p.range, decimal)}</td>
              <td className="text-nowrap">{flagText(p.flag)}</td>
              <td>
                {p.documentId === null ? (
                  (p.facility ?? '–')
                ) : (
                  <Link to={documentPagePath(base, p.documentId)}>{p.facility ?? p.documentTitle ?? '–'}</Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </TableScroller>
  );
}
