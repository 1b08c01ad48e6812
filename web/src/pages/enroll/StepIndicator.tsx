import { useTranslation } from 'react-i18next';

export type Step = 'data' | 'code' | 'done';
const order: Step[] = ['data', 'code', 'done'];

/** Where the person is in the three steps; the current one is marked for screen readers. */
export function StepIndicator({ step }: { step: Step }) {
  const { t } = useTranslation();
  const labels: Record<Step, string> = {
    data: t('enroll.steps.data'),
    code: t('enroll.steps.code'),
    done: t('enroll.steps.done'),
  };
  const current = order.indexOf(step);
  return (
    <ol className="salus-steps" aria-label={t('enroll.steps.label')}>
      {order.map((s, index) => (
        <li
          key={s}
          className={
            index === current
              ? 'salus-step salus-step-current'
              : index < current
                ? 'salus-step salus-step-done'
                : 'salus-step'
          }
          aria-current={index === current ? 'step' : undefined}
        >
          <span className="salus-step-number" aria-hidden="true">
            {index + 1}
          </span>
          <span>
            <span className="visually-hidden">{t('enroll.steps.position', { n: index + 1, of: order.length })} </span>
            {labels[s]}
          </span>
        </li>
      ))}
    </ol>
  );
}
