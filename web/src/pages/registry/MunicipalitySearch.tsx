import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { municipalityPage, type ProvinceStats } from '../../api/types.ts';
import { useApi } from '../../api/useApi.ts';
import { ApiProblem } from '../ApiProblem.tsx';
import { Loading } from '../Loading.tsx';
import { MunicipalityResults } from './MunicipalityResults.tsx';
import { SearchForm } from './SearchForm.tsx';
import { municipalitiesPath, readSearch, writeSearch } from './searchState.ts';

interface Props {
  provinces: ProvinceStats[];
}

export function MunicipalitySearch({ provinces }: Props) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const search = readSearch(params);
  const result = useApi(municipalitiesPath(search), municipalityPage);

  return (
    <section aria-labelledby="municipality-search-heading" className="mb-5">
      <h2 id="municipality-search-heading" className="mb-4">
        {t('registry.search.heading')}
      </h2>
      <SearchForm
        key={`${search.province}|${search.q}`}
        provinces={provinces}
        province={search.province}
        q={search.q}
        onSearch={(province, q) => {
          setParams(writeSearch({ province, q, page: 1 }));
        }}
      />
      {/* Always in the DOM so screen readers announce each new count. */}
      <p role="status" className="fw-semibold" data-testid="municipality-count">
        {result.status === 'ok' ? t('registry.search.results', { count: result.data.total }) : ''}
      </p>
      {result.status === 'loading' && <Loading />}
      {result.status === 'error' && <ApiProblem error={result.error} onRetry={result.reload} />}
      {result.status === 'ok' && <MunicipalityResults search={search} result={result.data} />}
    </section>
  );
}
