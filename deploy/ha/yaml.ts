export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

/**
 * A minimal YAML writer for the generated Patroni files: block mappings and
 * sequences, every string double-quoted (JSON escaping is valid YAML), so a
 * password never turns into a number, a boolean or a comment.
 */
export function toYaml(value: YamlValue, indent = 0): string {
  return `${lines(value, indent).join('\n')}\n`;
}

function scalar(value: string | number | boolean | null): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function isScalar(value: YamlValue): value is string | number | boolean | null {
  return value === null || typeof value !== 'object';
}

function lines(value: YamlValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (isScalar(value)) return [`${pad}${scalar(value)}`];
  if (isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return value.flatMap((item) => {
      if (isScalar(item)) return [`${pad}- ${scalar(item)}`];
      const [first = '', ...rest] = lines(item, indent + 2);
      return [`${pad}- ${first.trimStart()}`, ...rest];
    });
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return [`${pad}{}`];
  return entries.flatMap(([key, item]) => {
    if (isScalar(item)) return [`${pad}${key}: ${scalar(item)}`];
    if (isArray(item) && item.length === 0) return [`${pad}${key}: []`];
    if (!isArray(item) && Object.keys(item).length === 0) return [`${pad}${key}: {}`];
    return [`${pad}${key}:`, ...lines(item, indent + 2)];
  });
}

function isArray(value: YamlValue): value is readonly YamlValue[] {
  return Array.isArray(value);
}
