/** A text as it sits on a simulated handset. Times are simulated epoch milliseconds. */
export interface PhoneMessage {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  readonly submittedAt: number;
  readonly deliveredAt: number;
}

export interface PhoneSummary {
  /** E.164 without '+', as on the SMPP wire. */
  readonly number: string;
  /** Messages delivered to this number since it was last evicted (may exceed what is kept). */
  readonly received: number;
  readonly lastDeliveredAt: number;
}

interface Phone {
  readonly messages: PhoneMessage[]; // oldest first
  received: number;
  lastDeliveredAt: number;
}

/**
 * The inboxes of simulated phones, bounded both ways: the newest `messagesPerPhone`
 * texts per number and the `maxPhones` most recently used numbers (least recently
 * delivered-to evicted first). 10,000 x 50 x ~200 bytes stays around 100 MB at worst.
 */
export class PhoneBook {
  readonly #maxPhones: number;
  readonly #messagesPerPhone: number;
  // Map iteration order is insertion order; re-inserting on delivery keeps it LRU.
  readonly #phones = new Map<string, Phone>();

  constructor(maxPhones = 10_000, messagesPerPhone = 50) {
    this.#maxPhones = maxPhones;
    this.#messagesPerPhone = messagesPerPhone;
  }

  deliver(message: PhoneMessage): void {
    const phone = this.#phones.get(message.to) ?? { messages: [], received: 0, lastDeliveredAt: 0 };
    this.#phones.delete(message.to);
    this.#phones.set(message.to, phone);
    phone.messages.push(Object.freeze({ ...message }));
    if (phone.messages.length > this.#messagesPerPhone) phone.messages.shift();
    phone.received += 1;
    phone.lastDeliveredAt = message.deliveredAt;
    if (this.#phones.size > this.#maxPhones) {
      const oldest = this.#phones.keys().next();
      if (oldest.done !== true) this.#phones.delete(oldest.value);
    }
  }

  /** Newest first. Accepts the number with or without '+'. */
  messagesFor(e164: string): PhoneMessage[] {
    const phone = this.#phones.get(e164.replace(/^\+/, ''));
    return phone ? [...phone.messages].reverse() : [];
  }

  /** Most recently delivered-to first. */
  allPhones(): PhoneSummary[] {
    return [...this.#phones]
      .reverse()
      .map(([number, phone]) => ({ number, received: phone.received, lastDeliveredAt: phone.lastDeliveredAt }));
  }
}
