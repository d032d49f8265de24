/** Types for queries.js. Not served: only .js files are. */
export declare const CHECK_FIELDS: string;
export declare const CHECK_QUERY: string;
export declare const REPORT_QUERY: string;
export declare const CATALOGUE_QUERY: string;
export declare const CONSORTIUM_QUERY: string;
