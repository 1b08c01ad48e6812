import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Col, Input, Row, Select } from 'design-react-kit';
import type { ProvinceStats } from '../../api/types.ts';

interface Props {
  provinces: ProvinceStats[];
  province: string;
  q: string;
  onSearch: (province: string, q: string) => void;
}

/**
 * Filters are applied on submit, not on every keystroke or select change:
 * nothing moves under a screen-reader or keyboard user while they are still
 * choosing (WCAG 3.2.2), and the API sees one request per search.
 * The parent re-mounts this form (key) when the URL changes, so Back restores it.
 */
export function SearchForm({ provinces, province, q, onSearch }: Props) {
  const { t } = useTranslation();
  const [draftProvince, setDraftProvince] = useState(province);
  const [draftQ, setDraftQ] = useState(q);

  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSearch(draftProvince, draftQ);
  };

  return (
    <form role="search" aria-labelledby="municipality-search-heading" onSubmit={submit} className="mb-4">
      <Row className="g-3 align-items-end">
        <Col xs={12} md={4}>
          <Select
            id="municipality-province"
            label={t('registry.search.province')}
            value={draftProvince}
            onChange={setDraftProvince}
          >
            {[
              <option key="" value="">
                {t('registry.search.allProvinces')}
              </option>,
              ...provinces.map((row) => (
                <option key={row.provinceAbbr} value={row.provinceAbbr}>
                  {row.provinceName} ({row.provinceAbbr})
                </option>
              )),
            ]}
          </Select>
        </Col>
        <Col xs={12} md={5}>
          <Input
            id="municipality-q"
            type="search"
            label={t('registry.search.name')}
            value={draftQ}
            autoComplete="off"
            maxLength={100}
            onChange={(event) => {
              setDraftQ(event.target.value);
            }}
            wrapperClassName="mb-0"
          />
        </Col>
        <Col xs={12} md={3} className="d-flex gap-2">
          <Button type="submit" color="primary">
            {t('registry.search.submit')}
          </Button>
          {(province || q) && (
            <Button
              type="button"
              color="primary"
              outline
              onClick={() => {
                onSearch('', '');
              }}
            >
              {t('registry.search.reset')}
            </Button>
          )}
        </Col>
      </Row>
    </form>
  );
}
