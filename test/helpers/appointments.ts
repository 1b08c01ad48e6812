import type { Db } from '../../src/db/database.ts';

/**
 * Puts a booked appointment on another day and/or centre, as if the allocator had booked
 * it there, keeping the capacity and supply counts true. Tests need it because the API
 * books from tomorrow on, while arrival, dose and no-show are recorded on the day only:
 * this is "the day comes" without a clock to move.
 */
export async function rebook(db: Db, appointmentId: number, to: { day?: string; centreCode?: string }): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ centre_id: number; day: string; product: string }>(
      'SELECT centre_id, day::text AS day, product FROM appointments WHERE id = $1 FOR UPDATE',
      [appointmentId],
    );
    const from = rows[0];
    if (from === undefined) throw new Error(`no appointment ${appointmentId}`);
    const centre =
      to.centreCode === undefined
        ? from.centre_id
        : (await client.query<{ id: number }>('SELECT id FROM centres WHERE code = $1', [to.centreCode])).rows[0]?.id;
    if (centre === undefined) throw new Error(`no centre ${String(to.centreCode)}`);
    const day = to.day ?? from.day;
    const province = 'SELECT province_code FROM centres WHERE id = $1';
    await client.query(
      `UPDATE centre_capacity SET booked = booked - 1
       WHERE centre_id = $1 AND day = $2 AND product = $3 AND booked > 0`,
      [from.centre_id, from.day, from.product],
    );
    await client.query(
      `UPDATE vaccine_supply SET booked = booked - 1
       WHERE province_code = (${province}) AND day = $2 AND product = $3 AND booked > 0`,
      [from.centre_id, from.day, from.product],
    );
    await client.query(
      `INSERT INTO centre_capacity (centre_id, day, product, doses, booked) VALUES ($1, $2, $3, 1, 1)
       ON CONFLICT (centre_id, day, product)
       DO UPDATE SET doses = centre_capacity.doses + 1, booked = centre_capacity.booked + 1`,
      [centre, day, from.product],
    );
    await client.query(
      `INSERT INTO vaccine_supply (province_code, day, product, doses, booked) VALUES ((${province}), $2, $3, 1, 1)
       ON CONFLICT (province_code, day, product)
       DO UPDATE SET doses = vaccine_supply.doses + 1, booked = vaccine_supply.booked + 1`,
      [centre, day, from.product],
    );
    await client.query(
      `UPDATE appointments
       SET centre_id = $2, day = $3::date, starts_at = ($3::date + time '09:00') AT TIME ZONE 'Europe/Rome'
       WHERE id = $1`,
      [appointmentId, centre, day],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
