import { readFileSync } from 'node:fs';
import { parse, type EnumTypeDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT_PENALTIES, MARKET_PENALTIES, REVOCATION_PENALTY } from '../../legacy/dataset/vocab.js';
import { PENALTY_CATEGORIES, penaltyCategoriesOf, type PenaltyCategory } from './penalty-categories.js';

/** Every 处罚类别 the dataset generator writes, with what it must mean. */
const VOCABULARY: readonly (readonly [string, PenaltyCategory[]])[] = [
  ['警告', ['WARNING']],
  ['罚款', ['FINE']],
  ['警告；罚款', ['WARNING', 'FINE']],
  ['罚款；没收违法所得', ['FINE', 'CONFISCATION']],
  ['罚款（从重处罚）；没收违法所得', ['FINE', 'CONFISCATION']],
  ['责令停产停业；罚款；没收违法所得', ['PRODUCTION_SUSPENDED', 'FINE', 'CONFISCATION']],
  ['罚款（从重处罚）', ['FINE']],
  ['吊销营业执照', ['LICENCE_REVOKED']],
  ['罚款；责令改正', ['FINE', 'CORRECTIVE_ORDER']],
  ['罚款；责令停止建设', ['FINE', 'CORRECTIVE_ORDER']],
  ['责令停产整治；罚款', ['CORRECTIVE_ORDER', 'FINE']],
  ['罚款（按日连续处罚）', ['FINE']],
];

describe('penaltyCategoriesOf', () => {
  it.each(VOCABULARY)('dataset vocabulary %j → %j', (text, expected) => {
    expect(penaltyCategoriesOf(text)).toEqual(expected);
  });

  it('the table above covers every penaltyType in legacy/dataset/vocab.ts', () => {
    const used = new Set([...MARKET_PENALTIES, REVOCATION_PENALTY, ...ENVIRONMENT_PENALTIES].map((t) => t.penaltyType));
    const covered = new Set(VOCABULARY.map(([text]) => text));
    expect([...used].filter((t) => !covered.has(t))).toEqual([]);
  });

  it.each<[string, PenaltyCategory[]]>([
    // Each word of 行政处罚法 第九条, alone.
    ['通报批评', ['CRITICISM']],
    ['没收非法财物', ['CONFISCATION']],
    ['暂扣许可证件', ['PERMIT_SUSPENDED']],
    ['降低资质等级', ['QUALIFICATION_DOWNGRADED']],
    ['吊销许可证件', ['LICENCE_REVOKED']],
    ['吊销执照', ['LICENCE_REVOKED']],
    ['限制开展生产经营活动', ['OPERATIONS_LIMITED']],
    ['责令停产停业', ['PRODUCTION_SUSPENDED']],
    ['责令关闭', ['CLOSURE_ORDERED']],
    ['限制从业', ['EMPLOYMENT_BANNED']],
    ['行政拘留', ['DETENTION']],
    ['责令限期改正', ['CORRECTIVE_ORDER']],
    ['按日连续处罚', ['FINE']],
    // 责令停产整治 orders the pollution fixed; it is never 责令停产停业.
    ['责令停产整治', ['CORRECTIVE_ORDER']],
    ['责令停产整治；责令停产停业', ['CORRECTIVE_ORDER', 'PRODUCTION_SUSPENDED']],
    // Separators: full- and half-width semicolons, 顿号, commas, spaces, and runs of them.
    ['罚款;没收违法所得', ['FINE', 'CONFISCATION']],
    ['警告、罚款', ['WARNING', 'FINE']],
    ['警告，罚款', ['WARNING', 'FINE']],
    ['警告,罚款', ['WARNING', 'FINE']],
    ['警告 罚款', ['WARNING', 'FINE']],
    ['警告\u3000罚款', ['WARNING', 'FINE']],
    [' 警告 ； 罚款；；', ['WARNING', 'FINE']],
    ['没收违法所得、没收非法财物', ['CONFISCATION']],
    // Parentheses of either width, spaces inside them; separators inside them do not split.
    ['罚款(从重处罚)', ['FINE']],
    ['罚款（ 按日连续处罚 ）', ['FINE']],
    ['罚款(按日连续处罚）;没收违法所得', ['FINE', 'CONFISCATION']],
    ['罚款（从重处罚；按日连续处罚）', ['OTHER']],
    // Each category once, in the order first found.
    ['罚款；罚款（从重处罚）；警告', ['FINE', 'WARNING']],
    // Not recognised: OTHER, once, where the first unknown word stands.
    ['撤销登记', ['OTHER']],
    ['警告；撤销登记；罚款；取消资格', ['WARNING', 'OTHER', 'FINE']],
    ['从重处罚', ['OTHER']],
    ['罚款（减轻处罚）', ['OTHER']],
    ['并处罚款', ['OTHER']],
    ['吊销许可证', ['LICENCE_REVOKED']],
    ['暂扣许可证；罚款', ['PERMIT_SUSPENDED', 'FINE']],
    ['停产停业', ['OTHER']],
    ['toString', ['OTHER']],
    // Nothing said: OTHER, never an empty list.
    ['', ['OTHER']],
    ['  ；', ['OTHER']],
  ])('%j → %j', (text, expected) => {
    expect(penaltyCategoriesOf(text)).toEqual(expected);
  });

  it('names exactly the values of the GraphQL enum PenaltyCategory', () => {
    const sdl = parse(readFileSync(new URL('./shared-types.graphql', import.meta.url), 'utf8'));
    const e = sdl.definitions.find((d): d is EnumTypeDefinitionNode => d.kind === 'EnumTypeDefinition' && d.name.value === 'PenaltyCategory');
    expect(e?.values?.map((v) => v.name.value)).toEqual([...PENALTY_CATEGORIES]);
  });
});
