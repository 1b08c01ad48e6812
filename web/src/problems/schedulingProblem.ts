import type { TFunction } from 'i18next';
import type { ApiError } from '../api/client.ts';
import type { Formatters } from '../format.ts';
import { genericProblem, type Problem } from './problem.ts';
import { countIn, isoDaysIn } from './serverDetail.ts';

/** Every refusal of the scheduling endpoints, in the reader's words, with the next step. */
export function schedulingProblem(t: TFunction, format: Formatters, error: ApiError): Problem {
  const detail = error.detail ?? '';
  const problem = (tone: Problem['tone'], title: string, text: string): Problem => ({ tone, title, text });
  switch (error.code) {
    case 'scheduling.moved_already':
      return problem('warning', t('schedulingProblems.movedAlready.title'), t('schedulingProblems.movedAlready.text'));
    case 'scheduling.day_past':
      return problem('danger', t('schedulingProblems.dayPast.title'), t('schedulingProblems.dayPast.text'));
    case 'scheduling.too_late':
      return problem('warning', t('schedulingProblems.tooLate.title'), t('schedulingProblems.tooLate.text'));
    case 'scheduling.outside_window': {
      const [from, to] = isoDaysIn(detail).slice(-2);
      const text =
        from !== undefined && to !== undefined
          ? t('schedulingProblems.outsideWindow.between', { from: format.date(from), to: format.date(to) })
          : t('schedulingProblems.outsideWindow.text');
      return problem('danger', t('schedulingProblems.outsideWindow.title'), text);
    }
    case 'scheduling.full':
      return problem(
        'warning',
        t('schedulingProblems.full.title'),
        detail.includes('second dose') ? t('schedulingProblems.full.secondDose') : t('schedulingProblems.full.text'),
      );
    case 'scheduling.not_booked':
      return problem('warning', t('schedulingProblems.notBooked.title'), t('schedulingProblems.notBooked.text'));
    case 'scheduling.not_today':
      return problem('warning', t('schedulingProblems.notToday.title'), t('schedulingProblems.notToday.text'));
    case 'scheduling.appointment_not_found':
      return problem('warning', t('schedulingProblems.notFound.title'), t('schedulingProblems.notFound.text'));
    case 'scheduling.centre_unknown':
      return problem('danger', t('schedulingProblems.centreUnknown.title'), t('schedulingProblems.centreUnknown.text'));
    case 'scheduling.province_unknown':
      return problem(
        'danger',
        t('schedulingProblems.provinceUnknown.title'),
        t('schedulingProblems.provinceUnknown.text'),
      );
    case 'scheduling.below_booked': {
      const booked = countIn(detail);
      const text =
        booked === null
          ? t('schedulingProblems.belowBooked.text')
          : t('schedulingProblems.belowBooked.count', { count: booked });
      return problem('danger', t('schedulingProblems.belowBooked.title'), text);
    }
    case 'scheduling.card_mismatch':
      return problem('danger', t('enroll.problems.cardMismatch.title'), t('enroll.problems.cardMismatch.text'));
    case 'scheduling.product_unknown':
      return problem(
        'danger',
        t('schedulingProblems.productUnknown.title'),
        t('schedulingProblems.productUnknown.text'),
      );
    case 'scheduling.dose_recorded':
      return problem('info', t('schedulingProblems.doseRecorded.title'), t('schedulingProblems.doseRecorded.text'));
    case 'scheduling.no_centre':
      return problem('warning', t('schedulingProblems.noCentre.title'), t('schedulingProblems.noCentre.text'));
    case 'registry.fiscal_code_invalid':
    case 'registry.fiscal_code_check':
    case 'registry.health_card_invalid':
    case 'request.invalid':
      return problem('danger', t('enroll.problems.checkData.title'), t('enroll.problems.checkData.text'));
    default:
      return genericProblem(t, error);
  }
}
