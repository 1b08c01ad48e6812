/** The Salus cross, drawn inline so the header needs no extra request. */
export function BrandMark() {
  return (
    <svg className="icon" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="6" fill="currentColor" />
      <path d="M13 7h6v6h6v6h-6v6h-6v-6H7v-6h6z" fill="#0066cc" />
    </svg>
  );
}
