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
