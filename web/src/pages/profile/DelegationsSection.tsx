import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { delegations, type Delegation } from '../../api/identity.ts';
import { useApi } from '../../api/useApi.ts';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { DelegateList } from './DelegateList.tsx';
import { DelegationForm } from './DelegationForm.tsx';

/** Lombardy's rule: a citizen names at most three delegates (the server enforces it). */
const maxDelegates = 3;

export function DelegationsSection() {
  const { t } = useTranslation();
  const loaded = useApi('/api/me/delegations', delegations);
  // Changes made here are applied to the loaded list directly: re-loading it
  // would flash "loading" and drop keyboard focus from the form.
  const [delegates, setDelegates] = useState<Delegation[] | null>(null);
  const [status, setStatus] = useState('');
  const listHeading = useRef<HTMLHeadingElement>(null);

  if (loaded.status === 'loading') {
    return (
      <Section>
        <Loading />
      </Section>
    );
  }
  if (loaded.status === 'error') {
    return (
      <Section>
        <ApiProblem error={loaded.error} onRetry={loaded.reload} />
      </Section>
    );
  }

  const current = delegates ?? loaded.data.delegates;
  const representing = loaded.data.representing;
  return (
    <Section>
      <p role="status" className="fw-semibold" data-testid="delegation-status">
        {status}
      </p>
      <h3 id="my-delegates-heading" className="h5" ref={listHeading} tabIndex={-1}>
        {t('profile.delegations.delegates')}
      </h3>
      <DelegateList
        delegates={current}
        onRemoved={(removed) => {
          setDelegates(current.filter((item) => item.id !== removed.id));
          setStatus(t('profile.delegations.removed', { name: removed.name }));
          // The revoked row (and its focused button) is gone: keep focus nearby.
          listHeading.current?.focus();
        }}
      />
      {current.length < maxDelegates ? (
        <DelegationForm
          onAdded={(added) => {
            setDelegates([...current, added]);
            setStatus(t('profile.delegations.added', { name: added.name }));
          }}
        />
      ) : (
        <p>{t('profile.delegations.full', { max: maxDelegates })}</p>
      )}
      {representing.length > 0 && (
        <>
          <h3 className="h5 mt-5">{t('profile.delegations.representing')}</h3>
          <p>{t('profile.delegations.representingHint')}</p>
          <ul className="salus-representing">
            {representing.map((item) => (
              <li key={item.id}>
                {item.name} (<code>{item.fiscalCode}</code>)
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

function Section({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="delegations-heading" className="mb-5">
      <h2 id="delegations-heading">{t('profile.delegations.heading')}</h2>
      <p>{t('profile.delegations.intro', { max: maxDelegates })}</p>
      {children}
    </section>
  );
}
