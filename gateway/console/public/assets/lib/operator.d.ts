/** Types for operator.js. Not served: only .js files are. */
export interface OperatorInput {
  /** 工号 */
  id: string;
  /** 姓名 */
  name: string;
}
export declare const OPERATOR_ID_MAX: number;
export declare const OPERATOR_NAME_MAX: number;
export declare function normalizeOperator(o: OperatorInput): OperatorInput;
export declare function operatorIdProblem(id: string): 'EMPTY' | 'TOO_LONG' | 'INVALID' | null;
export declare function operatorNameProblem(name: string): 'EMPTY' | 'TOO_LONG' | 'INVALID' | null;
export declare function operatorHeader(o: Partial<OperatorInput> | null | undefined): string | null;
