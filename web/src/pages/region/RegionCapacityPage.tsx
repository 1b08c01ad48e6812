import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Container } from 'design-react-kit';
import { centreList, productList, type Centre } from '../../api/scheduling.ts';
import { useApi } from '../../api/useApi.ts';
import { usePageTitle } from '../../layout/usePageTitle.ts';
import { RequireSession } from '../../session/RequireSession.tsx';
import { ApiProblem } from '../ApiProblem.tsx';
import { CentreSelect } from '../appointments/CentreSelect.tsx';
import { dayAhead } from '../appointments/labels.ts';
import { Loading } from '../Loading.tsx';
import { AllocationPanel } from './AllocationPanel.tsx';
import { PlanEditor } from './PlanEditor.tsx';

/** Region operators: run the allocation, and set centres' capacity and provinces' vaccine supply. */
export function RegionCapacityPage() {
  const { t } = useTranslation();
  usePageTitle(t('region.title'));
  return (
    <Container className="my-5">
      <h1>{t('region.title')}</h1>
      <RequireSession as="operator" allow={(me) => me.role === 'region'} forbidden={t('region.regionOnly')}>
        {() => <RegionPlanning />}
      </RequireSession>
    </Container>
  );
}

function RegionPlanning() {
  const { t } = useTranslation();
  const centres = useApi('/api/scheduling/centres', centreList);
  const products = useApi('/api/scheduling/products', productList);
  return (
    <>
      <p className="lead mb-5">{t('region.lead')}</p>
      <AllocationPanel />
      {(centres.status === 'loading' || products.status === 'loading') && <Loading />}
      {centres.status === 'error' && <ApiProblem error={centres.error} onRetry={centres.reload} />}
      {products.status === 'error' && <ApiProblem error={products.error} onRetry={products.reload} />}
      {centres.status === 'ok' && products.status === 'ok' && (
        <Editors centres={centres.data} products={products.data.map((p) => p.code)} />
      )}
    </>
  );
}

function Editors({ centres, products }: { centres: Centre[]; products: string[] }) {
  const { t } = useTranslation();
  const [centre, setCentre] = useState(centres[0]?.code ?? '');
  const provinces = [...new Set(centres.map((c) => c.province))];
  const [province, setProvince] = useState(provinces[0] ?? '');
  const [from, setFrom] = useState(dayAhead(1));
  const centreName = centres.find((c) => c.code === centre)?.name ?? centre;
  return (
    <>
      <div className="salus-field salus-narrow mb-4">
        <label htmlFor="plan-from" className="form-label">
          {t('region.from')}
        </label>
        <input
          id="plan-from"
          type="date"
          className="form-control"
          value={from}
          onChange={(e) => {
            setFrom(e.target.value);
          }}
        />
        <small className="form-text">{t('region.fromHint')}</small>
      </div>

      <section aria-labelledby="capacity-heading" className="mb-5">
        <h2 id="capacity-heading">{t('region.capacity.heading')}</h2>
        <p>{t('region.capacity.intro')}</p>
        <div className="mb-3">
          <CentreSelect
            id="capacity-centre"
            label={t('region.capacity.centre')}
            centres={centres}
            value={centre}
            onChange={setCentre}
          />
        </div>
        <PlanEditor kind="capacity" target={centre} targetName={centreName} from={from} products={products} />
      </section>

      <section aria-labelledby="supply-heading" className="mb-5">
        <h2 id="supply-heading">{t('region.supply.heading')}</h2>
        <p>{t('region.supply.intro')}</p>
        <div className="salus-field mb-3">
          <label htmlFor="supply-province" className="form-label">
            {t('region.supply.province')}
          </label>
          <select
            id="supply-province"
            className="form-select"
            value={province}
            onChange={(e) => {
              setProvince(e.target.value);
            }}
          >
            {provinces.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <PlanEditor kind="supply" target={province} targetName={province} from={from} products={products} />
      </section>
    </>
  );
}
