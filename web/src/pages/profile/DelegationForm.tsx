import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from 'design-react-kit';
import { send, toApiError } from '../../api/client.ts';
import { delegation, type Delegation } from '../../api/identity.ts';
import { useCsrfToken } from '../../session/SessionContext.tsx';
import { CheckedField } from '../../input/CheckedField.tsx';
import { fieldMessage } from '../../input/check.ts';
import { checkFiscalCode, fiscalCodeLength, normalizeFiscalCode } from '../../input/fiscalCode.ts';
import { checkHealthCard, healthCardLength, normalizeHealthCard } from '../../input/healthCard.ts';

const cfId = 'delegate-fiscal-code';
const cardId = 'delegate-health-card';

interface Props {
  onAdded: (delegation: Delegation) => void;
}

/**
 * Names a delegate by codice fiscale and health-card number: knowing both shows
 * that the person asked (the card is in their wallet). Errors appear as soon as
 * a value cannot be right; "too short" only once the person tries to submit.
 */
export function DelegationForm({ onAdded }: Props) {
  const { t } = useTranslation();
  const csrfToken = useCsrfToken();
  const [fiscalCode, setFiscalCode] = useState('');
  const [card, setCard] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const cfCheck = checkFiscalCode(fiscalCode);
  const cardCheck = checkHealthCard(card);

  const cfError = fieldMessage(cfCheck, submitted, {
    empty: t('profile.delegations.form.fiscalCodeEmpty'),
    incomplete: t('profile.delegations.form.fiscalCodeShort', { count: normalizeFiscalCode(fiscalCode).length }),
    invalid: t('profile.delegations.form.fiscalCodeInvalid'),
  });
  const cardError = fieldMessage(cardCheck, submitted, {
    empty: t('profile.delegations.form.cardEmpty'),
    incomplete: t('profile.delegations.form.cardShort', { count: normalizeHealthCard(card).length }),
    invalid: t('profile.delegations.form.cardInvalid'),
  });

  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    setProblem(null);
    if (cfCheck !== 'ok' || cardCheck !== 'ok') {
      // Take the person to the first field to fix, where its message is read out.
      document.getElementById(cfCheck === 'ok' ? cardId : cfId)?.focus();
      return;
    }
    setBusy(true);
    const body = { fiscalCode: normalizeFiscalCode(fiscalCode), healthCardNumber: normalizeHealthCard(card) };
    send('POST', '/api/me/delegations', { csrfToken, body, decoder: delegation }).then(
      (created) => {
        setBusy(false);
        setFiscalCode('');
        setCard('');
        setSubmitted(false);
        if (created !== null) onAdded(created);
      },
      (error: unknown) => {
        setBusy(false);
        const failure = toApiError(error);
        setProblem(failure.unavailable ? t('errors.unavailable.text') : (failure.detail ?? failure.title));
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="add-delegate-heading" className="salus-delegation-form">
      <h3 id="add-delegate-heading" className="h5">
        {t('profile.delegations.form.heading')}
      </h3>
      <p>{t('profile.delegations.form.intro')}</p>
      <div className="row g-4">
        <div className="col-12 col-md-6">
          <CheckedField
            id={cfId}
            label={t('profile.delegations.form.fiscalCode')}
            hint={t('profile.delegations.form.fiscalCodeHint')}
            value={fiscalCode}
            onChange={setFiscalCode}
            check={cfCheck}
            error={cfError}
            okText={t('profile.delegations.form.looksRight')}
            inputMode="text"
            maxLength={fiscalCodeLength + 4}
            autoCapitalize="characters"
          />
        </div>
        <div className="col-12 col-md-6">
          <CheckedField
            id={cardId}
            label={t('profile.delegations.form.card')}
            hint={t('profile.delegations.form.cardHint')}
            value={card}
            onChange={setCard}
            check={cardCheck}
            error={cardError}
            okText={t('profile.delegations.form.looksRight')}
            inputMode="numeric"
            maxLength={healthCardLength + 6}
          />
        </div>
      </div>
      {problem !== null && (
        <Alert color="danger" fade={false} className="mt-3">
          <p className="fw-semibold mb-1">{t('profile.delegations.form.failed')}</p>
          <p className="mb-0">{problem}</p>
        </Alert>
      )}
      <Button type="submit" color="primary" className="mt-3" disabled={busy}>
        {t('profile.delegations.form.submit')}
      </Button>
    </form>
  );
}
