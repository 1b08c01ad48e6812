import type { InputHTMLAttributes } from 'react';

interface Props {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  /** The message when the value is wrong (shown once the form was submitted), else null. */
  error: string | null;
  type?: 'text' | 'date' | 'number';
  inputProps?: Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'type'>;
}

/** A labelled field with its hint and its error, both linked to it for screen readers (WCAG 3.3.1). */
export function FormField({ id, label, hint, value, onChange, error, type = 'text', inputProps }: Props) {
  const invalid = error !== null;
  return (
    <div className="salus-field">
      <label htmlFor={id} className="form-label">
        {label}
      </label>
      <input
        {...inputProps}
        id={id}
        type={type}
        className={`form-control${invalid ? ' is-invalid' : ''}`}
        value={value}
        aria-invalid={invalid}
        aria-describedby={`${hint === undefined ? '' : `${id}-hint `}${id}-feedback`}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
      {hint !== undefined && (
        <small id={`${id}-hint`} className="form-text">
          {hint}
        </small>
      )}
      <div id={`${id}-feedback`} aria-live="polite" className="salus-feedback-invalid">
        {error ?? ''}
      </div>
    </div>
  );
}

/** Focuses the first field of `order` that has an error: after a refused submit, the person lands on what to fix. */
export function focusFirstError(order: readonly string[], errors: Record<string, string | null>): void {
  const first = order.find((id) => errors[id] !== null && errors[id] !== undefined);
  if (first !== undefined) document.getElementById(first)?.focus();
}
