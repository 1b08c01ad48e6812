import type { Kysely } from 'kysely';
import type { SchedulingDb } from './db-types.ts';
import { centreRepository as repo } from './centre-repository.ts';
import type { FiscalCode, HealthCardNumber } from '../shared/identifiers.ts';
import { conflict, forbidden, notFound, validationError } from '../shared/errors.ts';
import type { AuditSink, OperatorPrincipal } from '../shared/principal.ts';
import { romeDay } from '../shared/rome-day.ts';
import type { ChangeNotices } from './notices.ts';
import { lockCapacity, releaseSlot } from './capacity-repository.ts';

export interface DayListItem {
  readonly id: number;
  readonly startsAt: string;
  readonly fiscalCode: string;
  readonly name: string;
  readonly birthDate: string;
  readonly doseNumber: number;
  readonly product: string;
  readonly status: string;
}

/**
 * The vaccination day at a centre: the day's list, check-in, recording a dose (the
 * record the FSE exposes as an Immunization), no-shows (back to the allocator's
 * queue) and walk-ins. Staff see only their own centre.
 */
/**
 * Called inside the transaction that records a dose, so what it queues (the Green
 * Pass job) commits with the dose or not at all.
 */
export type OnVaccinated = (trx: Kysely<SchedulingDb>, vaccinationId: number) => Promise<void>;

/**
 * How far ahead of the server's clock a dose time may be: the desk's clock may run a few
 * minutes fast. Such a time is recorded as now; anything later is refused, because a dose
 * in the future cannot be certified (the Green Pass job failed on it for good).
 */
export const DOSE_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * When the dose was given: now, or a time earlier today (Rome's day, as the appointment's).
 * A dose given on an earlier day belongs to that day's appointment, which is closed now.
 */
export function doseTime(administeredAt: Date | null, now: Date): Date {
  if (administeredAt === null) return now;
  if (administeredAt.getTime() > now.getTime() + DOSE_CLOCK_SKEW_MS) {
    throw validationError(
      'scheduling.dose_in_future',
      'The dose time is in the future: record the time it was given, or leave it empty for now.',
      [{ field: '/administeredAt', message: 'must not be later than now' }],
    );
  }
  if (romeDay(administeredAt) !== romeDay(now)) {
    throw validationError(
      'scheduling.dose_not_today',
      'The dose time must be today: a dose is recorded on the day it is given.',
      [{ field: '/administeredAt', message: 'must be today (Europe/Rome)' }],
    );
  }
  return administeredAt.getTime() > now.getTime() ? now : administeredAt;
}

export function centreService(deps: {
  db: Kysely<SchedulingDb>;
  audit: AuditSink;
  onFreed: () => Promise<void>;
  now: () => Date;
  notices: ChangeNotices;
  onVaccinated?: OnVaccinated;
}) {
  const centreOf = async (staff: OperatorPrincipal): Promise<{ id: number; code: string; name: string }> => {
    const centre = staff.facilityId === null ? undefined : await repo.centreOfFacility(deps.db, staff.facilityId);
    if (centre === undefined)
      throw forbidden('scheduling.no_centre', 'Your account is not attached to a vaccination centre.');
    return centre;
  };
  const appointmentAt = async (trx: Kysely<SchedulingDb>, centreId: number, id: number) => {
    const appt = await repo.appointmentForUpdate(trx, id);
    if (appt?.centre_id !== centreId)
      throw notFound('scheduling.appointment_not_found', 'There is no such appointment at your centre.');
    return appt;
  };
  // Arrival, dose and no-show happen on the appointment's day: a click on a row of another
  // day (the list shows any day) would record a dose that has not been given.
  const onItsDay = (appt: { day: string }): void => {
    const today = romeDay(deps.now());
    if (appt.day !== today) {
      throw conflict(
        'scheduling.not_today',
        `This appointment is on ${appt.day}, not today (${today}): arrival, dose and no-show are recorded on the day.`,
      );
    }
  };

  return {
    centreOf,

    async dayList(
      staff: OperatorPrincipal,
      day: string,
      requestId: string,
    ): Promise<{ centre: string; day: string; items: DayListItem[] }> {
      const centre = await centreOf(staff);
      const rows = await repo.dayList(deps.db, centre.id, day);
      await deps.audit.record({
        principal: staff,
        action: 'search',
        resourceType: 'CentreDayList',
        resourceId: `${centre.code}:${day}`,
        subjectCitizenId: null,
        purpose: 'vaccination',
        outcome: 'success',
        requestId,
      });
      // Names, codici fiscali and birth dates on the list: each person sees the look in their access log.
      await deps.audit.recordEach(
        {
          principal: staff,
          action: 'read',
          resourceType: 'CentreDayList',
          resourceId: `${centre.code}:${day}`,
          purpose: 'vaccination-day-list',
          outcome: 'success',
          requestId,
        },
        rows.map((r) => r.citizen_id),
      );
      return {
        centre: centre.name,
        day,
        items: rows.map((r) => ({
          id: r.id,
          startsAt: r.starts_at.toISOString(),
          fiscalCode: r.fiscal_code,
          name: `${r.given_name} ${r.family_name}`,
          birthDate: r.birth_date,
          doseNumber: r.dose_number,
          product: r.product,
          status: r.status,
        })),
      };
    },

    async checkIn(staff: OperatorPrincipal, id: number, requestId: string): Promise<void> {
      const centre = await centreOf(staff);
      await deps.db.transaction().execute(async (trx) => {
        const appt = await appointmentAt(trx, centre.id, id);
        if (appt.status === 'checked_in') return; // idempotent
        if (appt.status !== 'booked') throw conflict('scheduling.not_booked', `This appointment is ${appt.status}.`);
        onItsDay(appt);
        await repo.setStatus(trx, id, 'checked_in');
        await deps.audit.record({
          principal: staff,
          action: 'update',
          resourceType: 'Appointment',
          resourceId: String(id),
          subjectCitizenId: appt.citizen_id,
          purpose: 'check-in',
          outcome: 'success',
          requestId,
        });
      });
    },

    /** Records the dose given. Idempotent per appointment: a retry returns the same record. */
    async recordDose(
      staff: OperatorPrincipal,
      id: number,
      dose: { lot: string; administeredAt: Date | null },
      requestId: string,
    ): Promise<{ vaccinationId: number }> {
      const centre = await centreOf(staff);
      const result = await deps.db.transaction().execute(async (trx) => {
        const appt = await appointmentAt(trx, centre.id, id);
        const existing = await repo.vaccinationOfAppointment(trx, id);
        if (existing !== undefined) return { vaccinationId: existing.id };
        if (appt.status !== 'booked' && appt.status !== 'checked_in')
          throw conflict('scheduling.not_booked', `This appointment is ${appt.status}.`);
        onItsDay(appt);
        const administeredAt = doseTime(dose.administeredAt, deps.now());
        const row = await repo.insertVaccination(trx, {
          citizenId: appt.citizen_id,
          appointmentId: id,
          centreId: centre.id,
          product: appt.product,
          lot: dose.lot,
          doseNumber: appt.dose_number,
          administeredAt,
          staffOperatorId: staff.operatorId,
          walkIn: false,
        });
        // The appointment's own dose: no unique key can refuse it (the one dose is checked above, locked).
        if (row === undefined) throw new Error(`the dose of appointment ${id} was not recorded`);
        await repo.setStatus(trx, id, 'done');
        await deps.audit.record(
          {
            principal: staff,
            action: 'create',
            resourceType: 'Immunization',
            resourceId: String(row.id),
            subjectCitizenId: appt.citizen_id,
            purpose: 'vaccination',
            outcome: 'success',
            requestId,
          },
          trx,
        );
        await deps.onVaccinated?.(trx, row.id);
        return { vaccinationId: row.id };
      });
      return { vaccinationId: result.vaccinationId };
    },

    /**
     * A no-show frees the place and sends the person back into the allocator's queue. A second
     * dose booked after the missed first one is cancelled and the citizen's contact is told so,
     * in the same transaction (keyed per appointment, so a retry texts nobody twice).
     */
    async noShow(staff: OperatorPrincipal, id: number, requestId: string): Promise<void> {
      const centre = await centreOf(staff);
      await deps.db.transaction().execute(async (trx) => {
        await lockCapacity(trx);
        const appt = await appointmentAt(trx, centre.id, id);
        if (appt.status === 'no_show') return;
        if (appt.status !== 'booked' && appt.status !== 'checked_in')
          throw conflict('scheduling.not_booked', `This appointment is ${appt.status}.`);
        onItsDay(appt);
        const linked = appt.dose_number === 1 ? await repo.laterBookedDoses(trx, appt.enrollment_id) : [];
        await repo.setStatus(trx, id, 'no_show');
        await releaseSlot(trx, appt.centre_id, appt.day, appt.product);
        for (const a of linked) {
          await repo.setStatus(trx, a.id, 'cancelled');
          await releaseSlot(trx, a.centre_id, a.day, a.product);
        }
        await deps.notices.cancelled(
          trx,
          linked.map((a) => a.id),
        );
        await deps.audit.record(
          {
            principal: staff,
            action: 'update',
            resourceType: 'Appointment',
            resourceId: String(id),
            subjectCitizenId: appt.citizen_id,
            purpose: 'no-show',
            outcome: 'success',
            requestId,
          },
          trx,
        );
      });
      await deps.onFreed();
    },

    /** A citizen brought in without an appointment: recorded like any dose, flagged as a walk-in. */
    async walkIn(
      staff: OperatorPrincipal,
      input: {
        fiscalCode: FiscalCode;
        healthCardNumber: HealthCardNumber;
        product: string;
        lot: string;
        doseNumber: number;
      },
      requestId: string,
    ): Promise<{ vaccinationId: number }> {
      const centre = await centreOf(staff);
      const citizen = await repo.citizenByFiscalCode(deps.db, input.fiscalCode);
      if (citizen?.health_card_number !== input.healthCardNumber)
        throw notFound('scheduling.card_mismatch', 'No citizen matches this codice fiscale and health card number.');
      if (!(await repo.productExists(deps.db, input.product)))
        throw notFound('scheduling.product_unknown', `Unknown vaccine product "${input.product}".`);
      return deps.db.transaction().execute(async (trx) => {
        const row = await repo.insertVaccination(trx, {
          citizenId: citizen.id,
          appointmentId: null,
          centreId: centre.id,
          product: input.product,
          lot: input.lot,
          doseNumber: input.doseNumber,
          administeredAt: deps.now(),
          staffOperatorId: staff.operatorId,
          walkIn: true,
        });
        if (row === undefined)
          throw conflict('scheduling.dose_recorded', 'This dose is already recorded for this person.');
        await deps.audit.record(
          {
            principal: staff,
            action: 'create',
            resourceType: 'Immunization',
            resourceId: String(row.id),
            subjectCitizenId: citizen.id,
            purpose: 'vaccination:walk-in',
            outcome: 'success',
            requestId,
          },
          trx,
        );
        await deps.onVaccinated?.(trx, row.id);
        return { vaccinationId: row.id };
      });
    },
  };
}

export type CentreService = ReturnType<typeof centreService>;
