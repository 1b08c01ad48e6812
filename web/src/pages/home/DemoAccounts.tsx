import { useTranslation } from 'react-i18next';
import { Table } from 'design-react-kit';
import type { DemoAccount, LocalizedText } from '../../api/types.ts';
import { TableScroller } from '../../layout/TableScroller.tsx';
import { roleLabel } from '../../session/roleLabel.ts';

interface Props {
  accounts: DemoAccount[];
  password: string | null;
}

function inLanguage(text: LocalizedText, language: string): string {
  return language === 'en' ? text.en : text.it;
}

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
      <TableScroller label={t('home.demo.caption')}>
        <Table striped className="salus-demo-accounts">
          <caption>{t('home.demo.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('home.demo.role')}</th>
              <th scope="col">{t('home.demo.name')}</th>
              <th scope="col">{t('home.demo.username')}</th>
              <th scope="col">{t('home.demo.fiscalCode')}</th>
              <th scope="col">{t('home.demo.note')}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.username}>
                <td>{roleLabel(t, account.role)}</td>
                <th scope="row">{account.name}</th>
                <td>
                  <code>{account.username}</code>
                </td>
                <td>{account.fiscalCode ? <code>{account.fiscalCode}</code> : '–'}</td>
                <td>{inLanguage(account.note, language)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </TableScroller>
    </>
  );
}
