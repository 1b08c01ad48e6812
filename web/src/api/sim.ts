// The simulated phones of the demo (src/notify/schemas.ts): what each number received.
import { array, number, object, string, type Decoded } from './decode.ts';

export const simPhoneList = object({
  phones: array(object({ number: string, received: number, lastDeliveredAt: string })),
});
export type SimPhoneList = Decoded<typeof simPhoneList>;

export const simMessages = object({
  number: string,
  messages: array(
    object({ id: string, provider: string, from: string, text: string, submittedAt: string, deliveredAt: string }),
  ),
});
export type SimMessages = Decoded<typeof simMessages>;
export type SimMessage = SimMessages['messages'][number];
