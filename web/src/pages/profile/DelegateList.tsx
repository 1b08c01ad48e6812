import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { send, toApiError, ignoreBody } from '../../api/client.ts';
import type { Delegation } from '../../api/identity.ts';
import { useFormat } from '../../format.ts';
import { useCsrfToken } from '../../session/SessionContext.tsx';

interface Props {
  delegates: Delegation[];
  onRemoved: (removed: Delegation) => void;
}

/**
 * My delegates, each with "Revoca". Revoking asks for a second click in place
 * (no modal dialog to trap focus), because undoing it needs the delegate's
 * health card again.
 */
export function DelegateList({ delegates, onRemoved }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const csrfToken = useCsrfToken();
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  if (delegates.length === 0) return <p data-testid="no-delegates">{t('profile.delegations.none')}</p>;

  const revoke = (item: Delegation) => {
    setBusy(true);
    setProblem(null);
    send('DELETE', `/api/me/delegations/${String(item.id)}`, { csrfToken, decoder: ignoreBody }).then(
      () => {
        setBusy(false);
        setConfirming(null);
        onRemoved(item);
      },
      (error: unknown) => {
        setBusy(false);
        const failure = toApiError(error);
        setProblem(failure.unavailable ? t('errors.unavailable.text') : (failure.detail ?? failure.title));
      },
    );
  };

  return (
    <ul className="list-unstyled salus-delegates" aria-label={t('profile.delegations.delegates')}>
      {delegates.map((item) => (
        <li key={item.id} className="salus-delegate">
          <div>
            <p className="fw-semibold mb-0">{item.name}</p>
            <p className="small mb-0">
              <span className="visually-hidden">{t('profile.delegations.fiscalCode')}: </span>
              <code>{item.fiscalCode}</code> · {t('profile.delegations.since', { date: format.date(item.since) })}
            </p>
          </div>
          <div className="d-flex flex-wrap gap-2 align-items-center">
            {confirming === item.id ? (
              <>
                <span className="small">{t('profile.delegations.confirm', { name: item.name })}</span>
                <Button
                  color="danger"
                  size="sm"
                  disabled={busy}
                  onClick={() => {
                    revoke(item);
                  }}
                >
                  {t('profile.delegations.confirmYes')}
                </Button>
                <Button
                  color="primary"
                  outline
                  size="sm"
                  disabled={busy}
                  onClick={() => {
                    setConfirming(null);
                  }}
                >
                  {t('profile.delegations.confirmNo')}
                </Button>
              </>
            ) : (
              <Button
                color="primary"
                outline
                size="sm"
                aria-label={t('profile.delegations.removeLabel', { name: item.name })}
                onClick={() => {
                  setConfirming(item.id);
                  setProblem(null);
                }}
              >
                {t('profile.delegations.remove')}
              </Button>
            )}
          </div>
          {confirming === item.id && problem !== null && (
            <p role="alert" className="text-danger small w-100 mb-0">
              {problem}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
