/** Types for i18n.js. Not served: only .js files are. */
export type Lang = 'zh' | 'en';
export interface Label {
  zh: string;
  en: string;
}
export declare const VERDICT_LABELS: Record<string, Label & { icon: string; tone: string }>;
export declare const VERDICT_ADVICE: Record<string, Label>;
export declare const SCENARIO_LABELS: Record<string, Label>;
export declare const SCENARIOS: string[];
export declare const DEPARTMENT_LABELS: Record<string, Label>;
export declare const DEPARTMENTS: string[];
export declare const FINDING_KIND_LABELS: Record<string, Label>;
export declare const FINDING_STATUS_LABELS: Record<string, Label>;
export declare const MEASURE_KIND_LABELS: Record<string, Label>;
export declare const MEASURE_LEVEL_LABELS: Record<string, Label>;
export declare const MEASURE_CATEGORY_LABELS: Record<string, Label>;
export declare const DURATION_FROM_LABELS: Record<string, Label>;
export declare const MEASURE_TARGET_LABELS: Record<string, Label>;
export declare const SOURCE_STATE_LABELS: Record<string, Label>;
export declare const REGISTRATION_STATUS_LABELS: Record<string, Label>;
export declare const ENV_LEVEL_LABELS: Record<string, Label>;
export declare const COMMITMENT_STATUS_LABELS: Record<string, Label>;
export declare const COURT_REMOVAL_LABELS: Record<string, Label>;
export declare const PENALTY_REMOVAL_LABELS: Record<string, Label>;
export declare const TAX_STOP_REASON_LABELS: Record<string, Label>;
export declare const TAXPAYER_ID_TYPE_LABELS: Record<string, Label>;
export declare const CALLER_KIND_LABELS: Record<string, Label>;
export declare const AUTHORITY_NAMES_EN: Record<string, string>;
export declare const ENTITY_TYPE_NAMES_EN: Record<string, string>;
export declare const ERROR_LABELS: Record<string, Label>;
export declare const ERROR_MESSAGES: Record<string, Label>;
export declare const STRINGS: Record<Lang, Record<string, string>>;
export declare function translate(lang: Lang, key: string, params?: Record<string, string | number>): string;
export declare function labelOf(labels: Record<string, Label>, value: string | null | undefined, lang: Lang): string;
export declare function messageIn(lang: Lang, message: string): string | null;
