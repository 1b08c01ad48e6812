import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api/identity.ts';
import { toApiError } from '../api/client.ts';
import { useSession } from '../session/SessionContext.tsx';

/**
 * For a citizen who holds delegations: whom they are acting for right now.
 * Toggle buttons (one pressed) like the language switcher: one click each,
 * and the current choice is announced as "pressed". Shown in the account menu and
 * on "Il mio fascicolo" (hence `labelId`: both are in the page at once).
 */
export function ActingForSwitcher({ me, labelId = 'acting-for-label' }: { me: Me; labelId?: string }) {
  const { t } = useTranslation();
  const { actFor } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = me.actingFor?.fiscalCode ?? null;
  const choices = [
    { fiscalCode: null, label: t('auth.actingFor.myself', { name: me.name ?? '' }) },
    ...me.canActFor.map((person) => ({ fiscalCode: person.fiscalCode, label: person.name })),
  ];

  const choose = (fiscalCode: string | null) => {
    if (fiscalCode === current) return;
    setBusy(true);
    setError(null);
    actFor(fiscalCode).then(
      () => {
        setBusy(false);
      },
      (failure: unknown) => {
        setBusy(false);
        const problem = toApiError(failure);
        setError(problem.unavailable ? t('errors.unavailable.text') : (problem.detail ?? problem.title));
      },
    );
  };

  return (
    <div role="group" aria-labelledby={labelId} className="salus-acting-for mt-3">
      <p id={labelId} className="fw-semibold small mb-2">
        {t('auth.actingFor.label')}
      </p>
      <div className="d-grid gap-2">
        {choices.map((choice) => (
          <button
            key={choice.fiscalCode ?? 'me'}
            type="button"
            className="btn btn-outline-primary btn-sm text-start"
            aria-pressed={choice.fiscalCode === current}
            disabled={busy}
            onClick={() => {
              choose(choice.fiscalCode);
            }}
          >
            {choice.label}
          </button>
        ))}
      </div>
      {error !== null && (
        <p role="alert" className="text-danger small mt-2 mb-0">
          {error}
        </p>
      )}
    </div>
  );
}
