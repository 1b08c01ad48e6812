import type { FieldCheck } from './check.ts';

interface Props {
  id: string;
  label: string;
  /** Always shown under the field: what to type. */
  hint: string;
  value: string;
  onChange: (value: string) => void;
  check: FieldCheck;
  /** The message for the current state, or null when there is nothing wrong to say. */
  error: string | null;
  okText: string;
  inputMode: 'text' | 'numeric' | 'tel';
  maxLength: number;
  autoCapitalize?: 'characters' | 'off';
  /** e.g. "tel" or "one-time-code", so phones can offer the value. */
  autoComplete?: string;
  type?: 'text' | 'tel';
  disabled?: boolean;
}

/**
 * A text field checked as the person types, in Bootstrap Italia markup written
 * out by hand: the kit's Input does not link its validation message to the
 * field, and a screen reader must hear why a value is wrong (WCAG 3.3.1).
 */
export function CheckedField(props: Props) {
  const { id, label, hint, value, onChange, check, error, okText, inputMode, maxLength, autoCapitalize } = props;
  const invalid = error !== null;
  const stateClass = invalid ? ' is-invalid' : check === 'ok' ? ' is-valid' : '';
  return (
    // No .form-group: Bootstrap Italia floats its label over the field, which
    // reads like a placeholder and hides the hint; here the label stays above.
    <div className="salus-field">
      <label htmlFor={id} className="form-label">
        {label}
      </label>
      <input
        id={id}
        type={props.type ?? 'text'}
        className={`form-control${stateClass}`}
        value={value}
        inputMode={inputMode}
        maxLength={maxLength}
        autoComplete={props.autoComplete ?? 'off'}
        autoCapitalize={autoCapitalize}
        spellCheck={false}
        disabled={props.disabled}
        aria-invalid={invalid}
        aria-describedby={`${id}-hint ${id}-feedback`}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
      <small id={`${id}-hint`} className="form-text">
        {hint}
      </small>
      <div
        id={`${id}-feedback`}
        aria-live="polite"
        className={invalid ? 'salus-feedback-invalid' : 'salus-feedback-valid'}
      >
        {invalid ? error : check === 'ok' ? okText : ''}
      </div>
    </div>
  );
}
