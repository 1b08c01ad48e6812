import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Alert, Col, Container, Row } from 'design-react-kit';
import { simPhoneList, type SimPhoneList } from '../../api/sim.ts';
import { usePolledApi } from '../../api/usePolledApi.ts';
import { useFormat } from '../../format.ts';
import { displayPhone } from '../../input/phone.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { Loading } from '../Loading.tsx';
import { PhoneMessages } from './PhoneMessages.tsx';

const phonesIntervalMs = 3_000;

/**
 * Demo tool: the phones of the SMS simulator. A person trying Salus reads the
 * enrollment code here; the browser tests read it through the same API.
 */
export function PhonesPage() {
  const { t } = useTranslation();
  usePageTitle(t('phones.title'));
  const [params] = useSearchParams();
  const selected = params.get('numero');
  const phones = usePolledApi('/api/sim/phones', simPhoneList, phonesIntervalMs);
  const missing = phones.error?.status === 404;
  return (
    <Container className="my-5">
      <h1>{t('phones.title')}</h1>
      <Alert color="info" fade={false} data-testid="demo-tool-note">
        <p className="fw-semibold mb-1">{t('phones.demoTitle')}</p>
        <p className="mb-0">{t('phones.demoText')}</p>
      </Alert>
      {missing ? (
        <p data-testid="sim-off">{t('phones.off')}</p>
      ) : (
        <Row className="gy-5 gx-4 gx-sm-5">
          <Col xs={12} lg={4}>
            <h2 className="h4">{t('phones.numbers')}</h2>
            <p className="text-secondary">{t('phones.refresh')}</p>
            {phones.data === null && phones.error === null && <Loading />}
            {phones.error !== null && <p className="text-secondary">{t('phones.retrying')}</p>}
            {phones.data !== null && <PhoneList phones={phones.data} selected={selected} />}
          </Col>
          <Col xs={12} lg={8}>
            {selected === null ? <p>{t('phones.choose')}</p> : <PhoneMessages number={selected} />}
          </Col>
        </Row>
      )}
    </Container>
  );
}

function PhoneList({ phones, selected }: { phones: SimPhoneList; selected: string | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (phones.phones.length === 0) return <p>{t('phones.none')}</p>;
  return (
    <ul className="salus-phone-list" aria-label={t('phones.numbers')} data-testid="phone-list">
      {phones.phones.map((phone) => (
        <li key={phone.number}>
          <Link
            to={`?numero=${encodeURIComponent(phone.number)}`}
            aria-current={phone.number === selected ? 'true' : undefined}
            className="salus-phone"
          >
            <span className="fw-semibold">{displayPhone(phone.number)}</span>
            <span className="d-block small">
              {t('phones.received', { count: phone.received })} ·{' '}
              {t('phones.last', { time: format.dateTime(phone.lastDeliveredAt) })}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
