import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Card, Col, Row } from 'design-react-kit';

export function ServiceCards() {
  const { t } = useTranslation();
  // Listed explicitly (not looped over key names) so the i18n check can see every key.
  const services = [
    {
      id: 'enrollment',
      title: t('home.services.enrollment.title'),
      text: t('home.services.enrollment.text'),
      link: null,
    },
    {
      id: 'appointments',
      title: t('home.services.appointments.title'),
      text: t('home.services.appointments.text'),
      link: null,
    },
    { id: 'record', title: t('home.services.record.title'), text: t('home.services.record.text'), link: null },
    {
      id: 'greenPass',
      title: t('home.services.greenPass.title'),
      text: t('home.services.greenPass.text'),
      link: <Link to="/certificato">{t('home.services.greenPass.link')}</Link>,
    },
  ];
  return (
    <section aria-labelledby="services-heading" className="mb-5">
      <h2 id="services-heading" className="mb-4">
        {t('home.servicesHeading')}
      </h2>
      <Row tag="ul" className="list-unstyled g-4">
        {services.map((service) => (
          <Col tag="li" key={service.id} xs={12} md={6} xl={3}>
            {/* Bootstrap Italia 2.18 card markup (it-card-*): the kit's CardBody and
                CardTitle still emit the older card-body classes. */}
            <Card tag="div" rounded shadow="sm" fullHeight borderTop>
              <h3 className="it-card-title h5">{service.title}</h3>
              <div className="it-card-body">
                <p className="it-card-text">{service.text}</p>
                {service.link !== null && <p className="mb-0">{service.link}</p>}
              </div>
            </Card>
          </Col>
        ))}
      </Row>
    </section>
  );
}
