import { Type, type Static } from 'typebox';

/**
 * The waiting-room settings, to be spread into src/config.ts's ConfigSchema
 * (`...WaitroomConfigSchema.properties`). The rest (opening, rate, hold) is set per room
 * by region operators through PUT /api/waitroom/:code.
 */
export const WaitroomConfigSchema = Type.Object({
  WAITROOM_ADMISSION_HOURS: Type.Number({
    minimum: 1,
    maximum: 72,
    // 6 h: a 120-minute code, resent once after a 50-minute delay (the 2021 tail), still fits twice over.
    default: 6,
    description: 'hours an admission token stays valid, 1-72 (must outlast a late SMS and a resend)',
  }),
});

export type WaitroomConfig = Static<typeof WaitroomConfigSchema>;
