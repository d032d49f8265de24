/** Incoming request headers as Node gives them (names usually lower-case already). */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/**
 * One header's value: `undefined` when absent, `{ multiple: true }` when sent more than once
 * (never guess which one counts), otherwise the single value. Names match case-insensitively.
 */
export function singleHeader(headers: RequestHeaders, name: string): string | undefined | { multiple: true } {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== wanted || v === undefined) continue;
    if (Array.isArray(v)) values.push(...v);
    else values.push(v);
  }
  if (values.length === 0) return undefined;
  if (values.length > 1) return { multiple: true };
  return values[0];
}
