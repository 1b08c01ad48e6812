import { useTranslation } from 'react-i18next';
import { Table } from 'design-react-kit';
import type { DemoAccount, LocalizedText } from '../../api/types.ts';
import { TableScroller } from '../../layout/TableScroller.tsx';
import { loginHref, personalAreaPath } from '../../session/login.ts';
import { roleLabel } from '../../session/roleLabel.ts';

interface Props {
  accounts: DemoAccount[];
  password: string | null;
}

function inLanguage(text: LocalizedText, language: string): string {
  return language === 'en' ? text.en : text.it;
}

/** A citizen lands on their appointments, an operator on the page for their role. */
function tryHref(account: DemoAccount): string {
  return account.role === 'citizen'
    ? loginHref('citizen', '/appuntamenti', account.username)
    : loginHref('operator', personalAreaPath, account.username);
}

const orDash = (value: string | null) => (value === null ? '–' : <code>{value}</code>);

export function DemoAccounts({ accounts, password }: Props) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  if (accounts.length === 0) return <p>{t('home.demo.none')}</p>;
  return (
    <>
      {password !== null && (
        <p>
          {t('home.demo.password')} <code data-testid="demo-password">{password}</code>
        </p>
      )}
      <p>{t('home.demo.tryIntro')}</p>
      <TableScroller label={t('home.demo.caption')}>
        <Table striped className="salus-demo-accounts">
          <caption>{t('home.demo.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('home.demo.role')}</th>
              <th scope="col">{t('home.demo.name')}</th>
              <th scope="col">{t('home.demo.username')}</th>
              <th scope="col">{t('home.demo.fiscalCode')}</th>
              <th scope="col">{t('home.demo.healthCard')}</th>
              <th scope="col">{t('home.demo.phone')}</th>
              <th scope="col">{t('home.demo.note')}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.username} data-testid={`demo-account-${account.username}`}>
                <td>{roleLabel(t, account.role)}</td>
                <th scope="row">{account.name}</th>
                <td>
                  <code>{account.username}</code>
                  <br />
                  <a
                    className="btn btn-outline-primary btn-sm mt-1 text-nowrap"
                    href={tryHref(account)}
                    data-testid="try-as"
                  >
                    {t('home.demo.tryAs')}
                    <span className="visually-hidden"> {account.name}</span>
                  </a>
                </td>
                <td data-field="fiscalCode">{orDash(account.fiscalCode)}</td>
                <td data-field="healthCard">{orDash(account.healthCard)}</td>
                <td data-field="phone">{orDash(account.phone)}</td>
                <td>{inLanguage(account.note, language)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </TableScroller>
    </>
  );
}
