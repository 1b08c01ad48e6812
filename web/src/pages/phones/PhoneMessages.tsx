import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { simMessages } from '../../api/sim.ts';
import { usePolledApi } from '../../api/usePolledApi.ts';
import { useFormat } from '../../format.ts';
import { displayPhone } from '../../input/phone.ts';
import { Loading } from '../Loading.tsx';
import { MessageText } from './MessageText.tsx';

export const messagesIntervalMs = 2_000;

/** The inbox of one simulated phone, newest first, refreshed every 2 seconds. */
export function PhoneMessages({ number }: { number: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const inbox = usePolledApi(`/api/sim/phones/${encodeURIComponent(number)}/messages`, simMessages, messagesIntervalMs);
  const count = inbox.data?.messages.length ?? null;
  // Say when a message arrives, not on the first load.
  const seen = useRef<number | null>(null);
  const [arrived, setArrived] = useState('');
  useEffect(() => {
    if (count === null) return;
    if (seen.current !== null && count > seen.current) setArrived(t('phones.arrived', { count: count - seen.current }));
    seen.current = count;
  }, [count, t]);

  return (
    <section aria-labelledby="inbox-heading" data-testid="phone-inbox">
      <h2 id="inbox-heading" className="h4">
        {t('phones.inbox', { number: displayPhone(number) })}
      </h2>
      <p role="status" className="visually-hidden">
        {arrived}
      </p>
      {inbox.data === null && inbox.error === null && <Loading />}
      {inbox.error !== null && <p className="text-secondary">{t('phones.retrying')}</p>}
      {inbox.data !== null &&
        (inbox.data.messages.length === 0 ? (
          <p>{t('phones.noMessages')}</p>
        ) : (
          <ol className="salus-sms-list" aria-label={t('phones.messages', { number: displayPhone(number) })}>
            {inbox.data.messages.map((message) => (
              <li key={message.id} className="salus-sms" data-testid="sms">
                <p className="salus-sms-meta mb-1">
                  {t('phones.from', { from: message.from })} ·{' '}
                  {t('phones.deliveredAt', { time: format.dateTime(message.deliveredAt) })}
                </p>
                <MessageText text={message.text} />
              </li>
            ))}
          </ol>
        ))}
    </section>
  );
}
