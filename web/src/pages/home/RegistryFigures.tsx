import { useTranslation } from 'react-i18next';
import { Col, Row } from 'design-react-kit';
import type { RegistryStats } from '../../api/types.ts';
import { useFormat } from '../../format.ts';

interface Props {
  stats: RegistryStats;
}

/** Each figure is a one-term description list, so a number is always read with its label. */
export function RegistryFigures({ stats }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const figures = [
    { id: 'citizens', label: t('home.figures.citizens'), value: stats.citizens },
    { id: 'municipalities', label: t('home.figures.municipalities'), value: stats.municipalities },
    { id: 'over80', label: t('home.figures.over80'), value: stats.over80 },
    { id: 'gps', label: t('home.figures.gps'), value: stats.gps },
  ];
  return (
    <Row className="g-4">
      {figures.map((figure) => (
        <Col key={figure.id} xs={12} sm={6} lg={3}>
          <dl className="salus-figure h-100" data-figure={figure.id}>
            <dt className="salus-figure-label">{figure.label}</dt>
            <dd className="salus-figure-value">{format.number(figure.value)}</dd>
          </dl>
        </Col>
      ))}
    </Row>
  );
}
