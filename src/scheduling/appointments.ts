import type { Kysely } from 'kysely';
import type { SchedulingDb } from './db-types.ts';
import { conflict, forbidden, notFound, validationError } from '../shared/errors.ts';
import type { AuditSink, CitizenPrincipal } from '../shared/principal.ts';
import type { ChangeNotices } from './notices.ts';
import { lockCapacity, nextSlotStart, releaseSlot, takeSlot } from './capacity-repository.ts';
import {
  bookedOfEnrollment,
  bookedSecondDose,
  centreIdByCode,
  citizenAppointments,
  firstDose,
  insertMovedAppointment,
  lockedAppointment,
  setAppointmentStatus,
} from './appointments-repository.ts';

export interface AppointmentView {
  readonly id: number;
  readonly doseNumber: number;
  readonly product: string;
  readonly centre: { readonly code: string; readonly name: string };
  readonly day: string;
  readonly startsAt: string;
  readonly status: string;
  readonly canMove: boolean;
  readonly canCancel: boolean;
}

// A second dose can be moved only this many days ahead of it (Lombardy's rule).
export const MOVE_NOTICE_DAYS = 7;
export const MAX_MOVES = 1;

const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The citizen's own appointments: see them, cancel, or move one once to another day
 * or centre with free capacity and supply, within the product's window. Freed slots
 * are given back, and `onFreed` asks the allocator to offer them to the next person.
 * Every change texts the campaign contact in its own transaction (`notices`).
 */
export function appointmentService(deps: {
  db: Kysely<SchedulingDb>;
  /** Campaigns withdraws the enrollment (its row), in the cancellation's transaction. */
  withdraw: (trx: Kysely<SchedulingDb>, enrollmentId: number, at: Date) => Promise<void>;
  audit: AuditSink;
  notices: ChangeNotices;
  today: () => string;
  onFreed: () => Promise<void>;
}) {
  const load = lockedAppointment;

  const owned = async (trx: Kysely<SchedulingDb>, principal: CitizenPrincipal, id: number) => {
    const appt = await load(trx, id);
    const subject = principal.actingFor?.citizenId ?? principal.citizenId;
    if (appt?.citizen_id !== subject)
      throw notFound('scheduling.appointment_not_found', 'You have no such appointment.');
    if (appt.status !== 'booked') throw conflict('scheduling.not_booked', 'This appointment can no longer be changed.');
    return appt;
  };

  return {
    async mine(principal: CitizenPrincipal, requestId: string): Promise<AppointmentView[]> {
      const subject = principal.actingFor?.citizenId ?? principal.citizenId;
      const rows = await citizenAppointments(deps.db, subject);
      await deps.audit.record({
        principal,
        action: 'read',
        resourceType: 'Appointment',
        subjectCitizenId: subject,
        purpose: 'own-data',
        outcome: 'success',
        requestId,
      });
      const today = deps.today();
      return rows.map((r) => ({
        id: r.id,
        doseNumber: r.dose_number,
        product: r.product,
        centre: { code: r.code, name: r.name },
        day: r.day,
        startsAt: r.starts_at.toISOString(),
        status: r.status,
        canMove:
          r.status === 'booked' &&
          r.moves < MAX_MOVES &&
          (r.dose_number === 1 ? r.day > today : r.day >= addDays(today, MOVE_NOTICE_DAYS)),
        canCancel: r.status === 'booked' && r.day > today,
      }));
    },

    /** Cancelling dose 1 withdraws from the campaign (dose 2 goes with it); the doses go to the next in line. */
    async cancel(principal: CitizenPrincipal, id: number, requestId: string): Promise<void> {
      await deps.db.transaction().execute(async (trx) => {
        await lockCapacity(trx);
        const appt = await owned(trx, principal, id);
        const toCancel =
          appt.dose_number === 1
            ? await bookedOfEnrollment(trx, appt.enrollment_id)
            : [{ id: appt.id, centre_id: appt.centre_id, day: appt.day, product: appt.product }];
        for (const a of toCancel) {
          await setAppointmentStatus(trx, a.id, 'cancelled');
          await releaseSlot(trx, a.centre_id, a.day, a.product);
        }
        if (appt.dose_number === 1) await deps.withdraw(trx, appt.enrollment_id, new Date());
        await deps.notices.cancelled(
          trx,
          toCancel.map((a) => a.id),
        );
        await deps.audit.record({
          principal,
          action: 'update',
          resourceType: 'Appointment',
          resourceId: String(id),
          subjectCitizenId: appt.citizen_id,
          purpose: 'cancel',
          outcome: 'success',
          requestId,
        });
      });
      await deps.onFreed();
    },

    /** Moves an appointment once. Moving dose 1 moves dose 2 with it, to the same centre at the product's interval. */
    async move(
      principal: CitizenPrincipal,
      id: number,
      target: { day: string; centreCode: string },
      requestId: string,
    ): Promise<AppointmentView[]> {
      await deps.db.transaction().execute(async (trx) => {
        await lockCapacity(trx);
        const appt = await owned(trx, principal, id);
        const today = deps.today();
        if (appt.moves >= MAX_MOVES)
          throw conflict('scheduling.moved_already', 'An appointment can be moved only once.');
        if (target.day <= today)
          throw validationError('scheduling.day_past', 'Choose a day from tomorrow on.', [
            { field: '/day', message: 'must be after today' },
          ]);
        const centre = await centreIdByCode(trx, target.centreCode);
        if (centre === undefined)
          throw validationError('scheduling.centre_unknown', 'Unknown vaccination centre.', [
            { field: '/centreCode', message: 'no such centre' },
          ]);
        const plan: { dose: number; day: string; oldId: number; oldCentre: number; oldDay: string }[] = [];
        if (appt.dose_number === 2) {
          if (appt.day < addDays(today, MOVE_NOTICE_DAYS))
            throw forbidden(
              'scheduling.too_late',
              `A second dose can be moved only at least ${MOVE_NOTICE_DAYS} days ahead.`,
            );
          const first = await firstDose(trx, appt.enrollment_id);
          const base = first?.day ?? appt.day;
          if (
            target.day < addDays(base, appt.interval_days ?? 0) ||
            target.day > addDays(base, appt.window_max_days ?? 0)
          ) {
            throw validationError(
              'scheduling.outside_window',
              `For ${appt.product} the second dose must fall ` +
                `${appt.interval_days ?? 0}-${appt.window_max_days ?? 0} days after the first ` +
                `(from ${addDays(base, appt.interval_days ?? 0)} to ${addDays(base, appt.window_max_days ?? 0)}).`,
              [{ field: '/day', message: 'outside the vaccine window' }],
            );
          }
          plan.push({ dose: 2, day: target.day, oldId: appt.id, oldCentre: appt.centre_id, oldDay: appt.day });
        } else {
          plan.push({ dose: 1, day: target.day, oldId: appt.id, oldCentre: appt.centre_id, oldDay: appt.day });
          const second = await bookedSecondDose(trx, appt.enrollment_id);
          if (second !== undefined && appt.interval_days !== null)
            plan.push({
              dose: 2,
              day: addDays(target.day, appt.interval_days),
              oldId: second.id,
              oldCentre: second.centre_id,
              oldDay: second.day,
            });
        }
        const newIds: number[] = [];
        for (const step of plan) {
          if (!(await takeSlot(trx, centre.id, step.day, appt.product)))
            throw conflict(
              'scheduling.full',
              `There is no free place at that centre on ${step.day}` +
                `${step.dose === 2 ? ' for the second dose' : ''}. Choose another day or centre.`,
            );
          await setAppointmentStatus(trx, step.oldId, 'moved');
          await releaseSlot(trx, step.oldCentre, step.oldDay, appt.product);
          const insertedId = await insertMovedAppointment(trx, {
            enrollment_id: appt.enrollment_id,
            citizen_id: appt.citizen_id,
            centre_id: centre.id,
            product: appt.product,
            dose_number: step.dose,
            day: step.day,
            starts_at: await nextSlotStart(trx, centre.id, step.day),
            moves: appt.moves + 1,
          });
          newIds.push(insertedId);
        }
        await deps.notices.moved(trx, newIds);
        await deps.audit.record({
          principal,
          action: 'update',
          resourceType: 'Appointment',
          resourceId: String(id),
          subjectCitizenId: appt.citizen_id,
          purpose: 'move',
          outcome: 'success',
          requestId,
        });
      });
      await deps.onFreed();
      return this.mine(principal, requestId);
    },
  };
}

export type AppointmentService = ReturnType<typeof appointmentService>;
