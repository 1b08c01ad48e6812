/**
 * Token keys. A Coding or Identifier is stored as every key a search may use for
 * it, so that any of `code`, `system|code`, `|code` and `system|` is one array
 * overlap on a GIN- or B-tree-filtered column, with no parsing at query time.
 */
export function storedTokenKeys(system: string | undefined, code: string | undefined): string[] {
  if (code === undefined || code === '') return system === undefined || system === '' ? [] : [`${system}|`];
  if (system === undefined || system === '') return [`|${code}`, code];
  return [`${system}|${code}`, code, `${system}|`];
}

/** The code part of a token value ("system|code" or "code"). */
export function tokenCode(value: string): string {
  const bar = value.lastIndexOf('|');
  return bar < 0 ? value : value.slice(bar + 1);
}

interface CodingLike {
  readonly system?: string | undefined;
  readonly code?: string | undefined;
}

export function codingKeys(codings: readonly (CodingLike | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const c of codings) if (c !== undefined) for (const k of storedTokenKeys(c.system, c.code)) keys.add(k);
  return [...keys];
}

export function conceptKeys(
  concepts: readonly ({ readonly coding?: readonly CodingLike[] | undefined } | undefined)[],
): string[] {
  return codingKeys(concepts.flatMap((c) => c?.coding ?? []));
}

export function identifierKeys(
  identifiers: readonly ({ readonly system?: string | undefined; readonly value?: string | undefined } | undefined)[],
): string[] {
  return codingKeys(identifiers.map((i) => (i === undefined ? undefined : { system: i.system, code: i.value })));
}
