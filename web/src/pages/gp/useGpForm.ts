import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toApiError } from '../../api/client.ts';
import { focusFirstError } from './FormField.tsx';

/**
 * The submit and reset handling of the GP's record forms (prescription, exemption): errors are shown after the
 * first submit and focus goes to the first wrong field; one idempotency key per record being written, so a double
 * click or a retry writes it once; after a success the fields are cleared and a new key is drawn.
 */
export function useGpForm<Created>(options: {
  /** Field ids in the order they appear (focus goes to the first wrong one). */
  readonly order: readonly string[];
  /** Per field id: the message to show, or null when the value is fine. */
  readonly errors: Readonly<Record<string, string | null>>;
  readonly send: (idempotencyKey: string) => Promise<Created>;
  /** Clears the form's fields after a success. */
  readonly clear: () => void;
  readonly onCreated: () => void;
}) {
  const { t } = useTranslation();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<Created | null>(null);
  const { order, errors } = options;

  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    setFailure(null);
    if (order.some((id) => errors[id] !== null)) {
      focusFirstError(order, errors);
      return;
    }
    setBusy(true);
    options.send(key).then(
      (created) => {
        setBusy(false);
        setDone(created);
        options.clear();
        setSubmitted(false);
        setKey(crypto.randomUUID());
        options.onCreated();
      },
      (error: unknown) => {
        setBusy(false);
        const problem = toApiError(error);
        setFailure(problem.unavailable ? t('errors.unavailable.text') : (problem.detail ?? problem.title));
      },
    );
  };
  const shown = (id: string): string | null => (submitted ? (errors[id] ?? null) : null);
  return { submit, shown, busy, failure, done };
}
