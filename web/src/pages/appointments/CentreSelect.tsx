import { useTranslation } from 'react-i18next';
import type { Centre } from '../../api/scheduling.ts';

interface Props {
  id: string;
  label: string;
  centres: Centre[];
  value: string;
  onChange: (code: string) => void;
}

/** The vaccination centres, grouped by province. */
export function CentreSelect({ id, label, centres, value, onChange }: Props) {
  const { t } = useTranslation();
  const provinces = [...new Set(centres.map((c) => c.province))];
  return (
    <div className="salus-field">
      <label htmlFor={id} className="form-label">
        {label}
      </label>
      <select
        id={id}
        className="form-select"
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      >
        {provinces.map((province) => (
          <optgroup key={province} label={t('centres.province', { province })}>
            {centres
              .filter((c) => c.province === province)
              .map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name} ({c.municipality})
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
