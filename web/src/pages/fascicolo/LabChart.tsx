import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  XAxis,
  YAxis,
  type DotItemDotProps,
} from 'recharts';
import type { Analyte } from '../../api/views.ts';
import { numberLocale } from '../../i18n.ts';
import { niceAxis, useDecimal } from './labFormat.ts';

// Bootstrap Italia colours, each at least 4.5:1 on white; the range band is a light tint of the green.
const LINE = '#0066cc';
const OUT = '#b71918';
const BAND = '#008055';
const DAY = 24 * 3600 * 1000;

interface Datum {
  readonly t: number;
  readonly value: number;
  readonly flag: string | null;
}

/**
 * One analyte over time. The drawing is for sighted readers (hidden from screen readers): the table under it says the
 * same. The range is a band (or a dashed line for a one-sided range); a value outside it is a triangle pointing the
 * way it is out, with a word next to it, so colour is never the only sign.
 */
export function LabChart({ analyte }: { analyte: Analyte }) {
  const { t, i18n } = useTranslation();
  const decimal = useDecimal();
  const shortDate = useMemo(() => {
    // "mar 2022": month and year fit under each tick on a 390 px phone.
    const f = new Intl.DateTimeFormat(numberLocale(i18n.language), { month: 'short', year: 'numeric' });
    return (ms: number) => f.format(new Date(ms));
  }, [i18n.language]);
  const data: Datum[] = analyte.points.flatMap((p) =>
    p.value === null ? [] : [{ t: Date.parse(p.date), value: p.value, flag: p.flag }],
  );
  if (data.length === 0) return null;
  const range = analyte.referenceRange;
  const values = [...data.map((d) => d.value), range?.low ?? null, range?.high ?? null].filter((v) => v !== null);
  const top = Math.max(...values);
  const bottom = Math.min(...values);
  const axis = niceAxis(bottom, top);
  const times = data.map((d) => d.t);
  const flagWord = (flag: string | null) =>
    flag === 'high' ? t('fse.lab.flag.high') : flag === 'low' ? t('fse.lab.flag.low') : '';

  const dot = (props: DotItemDotProps) => {
    const { cx, cy } = props;
    const payload = props.payload as Datum;
    if (cx === undefined || cy === undefined) return <g />;
    const key = `${payload.t}-${payload.value}`;
    if (payload.flag !== 'high' && payload.flag !== 'low')
      return <circle key={key} cx={cx} cy={cy} r={5} fill="#fff" stroke={LINE} strokeWidth={2} />;
    const up = payload.flag === 'high';
    const d = up
      ? `M${cx},${cy - 8} L${cx + 7},${cy + 5} L${cx - 7},${cy + 5} Z`
      : `M${cx},${cy + 8} L${cx + 7},${cy - 5} L${cx - 7},${cy - 5} Z`;
    return (
      <g key={key}>
        <path d={d} fill={OUT} stroke="#fff" strokeWidth={1} />
        <text x={cx + 10} y={up ? cy - 6 : cy + 14} fill={OUT} fontSize={12} fontWeight={600}>
          {flagWord(payload.flag)}
        </text>
      </g>
    );
  };

  return (
    <div className="salus-chart mb-2" aria-hidden="true" style={{ height: 240 }} data-testid="lab-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 16, right: 48, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          {range?.low != null && range.high != null && (
            <ReferenceArea y1={range.low} y2={range.high} fill={BAND} fillOpacity={0.14} stroke="none" />
          )}
          {range?.low != null && <ReferenceLine y={range.low} stroke={BAND} strokeDasharray="6 3" />}
          {range?.high != null && <ReferenceLine y={range.high} stroke={BAND} strokeDasharray="6 3" />}
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[Math.min(...times) - 15 * DAY, Math.max(...times) + 15 * DAY]}
            tickFormatter={shortDate}
            tickCount={4}
          />
          <YAxis
            domain={[axis.ticks[0] ?? 0, axis.ticks.at(-1) ?? 1]}
            ticks={axis.ticks}
            tickFormatter={(v: number) => decimal(v)}
            width={56}
          />
          <Line dataKey="value" stroke={LINE} strokeWidth={2} dot={dot} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
