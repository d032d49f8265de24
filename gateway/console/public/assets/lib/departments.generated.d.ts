/** Types for departments.generated.js (written by `npm run generate`). Not served: only .js files are. */
export declare const DEPARTMENT_LABELS: Record<string, { zh: string; en: string }>;
export declare const SECTION_FIELDS: Record<string, string>;
