import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Table } from 'design-react-kit';
import { withQuery } from '../../api/client.ts';
import type { DemoCandidate } from '../../api/types.ts';
import { useFormat } from '../../format.ts';
import { TableScroller } from '../../layout/TableScroller.tsx';

/** The web enrollment form with this person's data filled in; the SMS code step still follows. */
export function enrollHref(person: DemoCandidate): string {
  return withQuery('/adesione/covid-over80', { cf: person.fiscalCode, tessera: person.healthCard, tel: person.phone });
}

/**
 * Demo mode: eligible over-80s of the synthetic registry not yet enrolled, with the data the
 * web enrollment asks for, so that a newcomer can try it without reading the database.
 */
export function DemoCandidates({ people }: { people: DemoCandidate[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-labelledby="candidates-heading" className="mb-5" data-testid="demo-candidates">
      <h2 id="candidates-heading">{t('home.candidates.heading')}</h2>
      <p>
        {t('home.candidates.intro')} <Link to="/telefoni">{t('home.demo.phonesLink')}</Link>.
      </p>
      {people.length === 0 ? (
        <p>{t('home.candidates.none')}</p>
      ) : (
        <TableScroller label={t('home.candidates.caption')}>
          <Table striped className="salus-demo-accounts">
            <caption>{t('home.candidates.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('home.demo.name')}</th>
                <th scope="col">{t('home.candidates.born')}</th>
                <th scope="col">{t('home.candidates.municipality')}</th>
                <th scope="col">{t('home.demo.fiscalCode')}</th>
                <th scope="col">{t('home.demo.healthCard')}</th>
                <th scope="col">{t('home.candidates.phone')}</th>
                <th scope="col">{t('home.candidates.action')}</th>
              </tr>
            </thead>
            <tbody>
              {people.map((person) => (
                <tr key={person.fiscalCode} data-testid="demo-candidate">
                  <th scope="row">{person.name}</th>
                  <td>{format.date(person.birthDate)}</td>
                  <td>{person.municipality}</td>
                  <td data-field="fiscalCode">
                    <code>{person.fiscalCode}</code>
                  </td>
                  <td data-field="healthCard">
                    <code>{person.healthCard}</code>
                  </td>
                  <td data-field="phone">
                    <code>{person.phone}</code>
                  </td>
                  <td>
                    <Link className="btn btn-primary btn-sm" to={enrollHref(person)}>
                      {t('home.candidates.enroll')}
                      <span className="visually-hidden"> {person.name}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </TableScroller>
      )}
    </section>
  );
}
