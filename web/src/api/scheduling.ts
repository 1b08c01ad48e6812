// Response shapes of the scheduling endpoints (src/scheduling/schemas.ts, planning.ts).
import { array, boolean, nullable, number, object, string, type Decoded } from './decode.ts';

export const appointment = object({
  id: number,
  doseNumber: number,
  product: string,
  centre: object({ code: string, name: string }),
  /** YYYY-MM-DD */
  day: string,
  startsAt: string,
  /** booked, checked_in or done */
  status: string,
  canMove: boolean,
  canCancel: boolean,
});
export type Appointment = Decoded<typeof appointment>;
export const appointmentList = array(appointment);

export const centre = object({
  code: string,
  name: string,
  province: string,
  municipality: string,
  lines: number,
  slotMinutes: number,
});
export type Centre = Decoded<typeof centre>;
export const centreList = array(centre);

export const product = object({
  code: string,
  name: string,
  doses: number,
  interval_days: nullable(number),
  window_max_days: nullable(number),
});
export type Product = Decoded<typeof product>;
export const productList = array(product);

export const dayList = object({
  centre: string,
  day: string,
  items: array(
    object({
      id: number,
      startsAt: string,
      fiscalCode: string,
      name: string,
      birthDate: string,
      doseNumber: number,
      product: string,
      /** booked, checked_in, done or no_show */
      status: string,
    }),
  ),
});
export type DayList = Decoded<typeof dayList>;
export type DayListItem = DayList['items'][number];

/** A centre's doses per day and product (capacity), or a province's deliveries (supply). */
export const doseRow = object({ day: string, product: string, doses: number, booked: number });
export type DoseRow = Decoded<typeof doseRow>;
export const doseRows = array(doseRow);

export const allocationReport = object({
  demand: number,
  firstDoses: number,
  secondDoses: number,
  unallocated: number,
  inversions: number,
});
export type AllocationReport = Decoded<typeof allocationReport>;

export const vaccination = object({ vaccinationId: number });
