/** Types for explorer-examples.js. Not served: only .js files are. */
export interface Example {
  id: string;
  kind: string;
  purpose: string;
  title: { zh: string; en: string };
  query: string;
  variables: Record<string, unknown>;
}
export declare const EXAMPLES: Example[];
export declare function chinaDaysAgo(days: number, now?: number): string;
export declare function exampleCredentials(
  example: Example | null,
  config: { development: boolean; callerHints: { kind: string; key: string }[] },
  settings: { key: string; purpose: string; reference: string },
): { key: string; purpose: string; reference: string };
