import { useTranslation } from 'react-i18next';
import type { CitizenProfile } from '../../api/identity.ts';
import { useFormat } from '../../format.ts';

/** A citizen's registry data as a description list: each value is read with its label. */
export function CitizenDetails({ profile }: { profile: CitizenProfile }) {
  const { t } = useTranslation();
  const format = useFormat();
  const none = t('people.none');
  const sex = profile.sex === 'F' ? t('people.female') : profile.sex === 'M' ? t('people.male') : profile.sex;
  const rows = [
    { id: 'name', label: t('people.name'), value: `${profile.givenName} ${profile.familyName}` },
    { id: 'fiscalCode', label: t('people.fiscalCode'), value: profile.fiscalCode, code: true },
    { id: 'healthCard', label: t('people.healthCard'), value: profile.healthCardNumber, code: true },
    { id: 'sex', label: t('people.sex'), value: sex },
    { id: 'birthDate', label: t('people.birthDate'), value: format.date(profile.birthDate) },
    { id: 'birthPlace', label: t('people.birthPlace'), value: profile.birthPlaceCode, code: true },
    { id: 'residence', label: t('people.residence'), value: profile.residenceIstat, code: true },
    { id: 'mobilePhone', label: t('people.mobilePhone'), value: profile.mobilePhone ?? none },
    { id: 'email', label: t('people.email'), value: profile.email ?? none },
  ];
  return (
    <dl className="row salus-details" data-testid="citizen-details">
      {rows.map((row) => (
        <div key={row.id} className="col-12 col-md-6 col-xl-4 salus-detail" data-detail={row.id}>
          <dt>{row.label}</dt>
          <dd>{row.code === true ? <code>{row.value}</code> : row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
