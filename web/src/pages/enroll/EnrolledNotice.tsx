import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Enrolled } from '../../api/campaigns.ts';
import { useFormat } from '../../format.ts';
import { channelLabel } from '../../problems/enrollProblem.ts';
import { estimatedDays } from './period.ts';

interface Props {
  enrolled: Enrolled;
  /** Whose enrollment: the reader's own, or a citizen's enrolled by an operator. */
  audience: 'citizen' | 'operator';
  /** The enrolled person's name, for operators. */
  name?: string;
  /**
   * With its own heading, focused when it appears (the default); the wizard
   * names the step itself and moves focus there.
   */
  titled?: boolean;
  /** The level of its heading (2 by default), so it fits where it is shown. */
  level?: 2 | 3 | 4;
}

/**
 * The end of every channel: the enrollment is confirmed, and there is no hurry.
 * The order of enrollment does not decide the order of vaccination (age does),
 * and the period is an estimate from the enrollments so far and the capacity.
 */
export function EnrolledNotice({ enrolled, audience, name, titled = true, level = 2 }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (titled) heading.current?.focus();
  }, [titled]);
  const Heading = (['h2', 'h3', 'h4'] as const)[level - 2] ?? 'h2';
  const SubHeading = (['h3', 'h4', 'h5'] as const)[level - 2] ?? 'h3';
  const days = estimatedDays(enrolled.enrolledAt, enrolled.estimatedWeeks);
  const weeks = { from: enrolled.estimatedWeeks.fromWeek, to: enrolled.estimatedWeeks.toWeek };
  return (
    <section
      className="salus-enrolled"
      aria-labelledby={titled ? 'enrolled-heading' : 'step-heading'}
      data-testid="enrolled"
    >
      {titled && (
        <Heading id="enrolled-heading" className={level === 2 ? 'h3' : 'h5'} tabIndex={-1} ref={heading}>
          {audience === 'citizen' ? t('enroll.done.title') : t('enroll.done.titleOperator', { name: name ?? '' })}
        </Heading>
      )}
      <dl className="salus-facts">
        <dt>{t('enroll.done.campaign')}</dt>
        <dd>{enrolled.campaign}</dd>
        <dt>{t('enroll.done.cohort')}</dt>
        <dd>{enrolled.cohort}</dd>
        <dt>{t('enroll.done.when')}</dt>
        <dd>
          {t('enroll.done.whenValue', {
            date: format.dateTime(enrolled.enrolledAt),
            channel: channelLabel(t, enrolled.channel),
          })}
        </dd>
      </dl>
      <div className="salus-no-hurry" data-testid="no-hurry">
        <SubHeading className={level === 2 ? 'h5' : 'h6'}>{t('enroll.done.noHurryTitle')}</SubHeading>
        <p>{t('enroll.done.noHurry')}</p>
        <p className="mb-0">
          {days === null
            ? t('enroll.done.period', weeks)
            : t('enroll.done.periodDays', { ...weeks, first: format.date(days.first), last: format.date(days.last) })}
        </p>
      </div>
      <p className="mt-3">{audience === 'citizen' ? t('enroll.done.next') : t('enroll.done.nextOperator')}</p>
      {audience === 'citizen' && (
        <p>
          <Link to="/appuntamenti">{t('enroll.done.appointments')}</Link>
        </p>
      )}
    </section>
  );
}
