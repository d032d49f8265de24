import type { Catalogue, MeasureKind } from './catalogue.js';

/**
 * The level a document's operative wording supports. 国办发〔2020〕49号 forbids 加重惩戒 beyond the
 * basis, so a measure may never be harsher than the words it cites:
 *
 * - 禁止 / 不得 / 拒绝 / 取消（…）资格 / 不予 / 暂停 — PROHIBIT (a suspension bars while it lasts); so does a
 *   statutory qualification a participant "应当具备" (who lacks it cannot take part: 政府采购法 第二十二条);
 * - 限制 / 从严审核 — RESTRICT; "予以限制或禁止", "限制或者禁入" and the like read as RESTRICT: the
 *   document leaves the choice to the law of each field, and this layer takes the milder reading;
 *   so does 不适用告知承诺 / 不适用容缺受理 (a simplified procedure withheld, the application itself not barred);
 * - 重点监管 / 重点监控 / 重要考量因素 / 参考 — STRICT_SUPERVISION (shown as CAUTION); so does raising
 *   the frequency of inspection (提高检查频次, 加大执法监察频次).
 *
 * Wording with none of these supports nothing. PROHIBIT also needs the wording CONFIRMED in a text.
 */
export type WordingLevel = Exclude<MeasureKind, 'INCENTIVE'>;

const STRENGTH: Record<WordingLevel, number> = { PROHIBIT: 3, RESTRICT: 2, STRICT_SUPERVISION: 1 };

/** Phrases that offer a choice between restricting and barring: read as 限制. */
const EITHER_OR = /(予以)?限制或(者)?(禁止|禁入)/g;
const PROHIBIT_WORDS = ['禁止', '不得', '拒绝', '不予', '暂停', '应当具备'];
/** 取消资格, also with its object between: 取消参加评先评优资格. */
const CANCEL_QUALIFICATION = /取消[^，。；]{0,10}资格/;
const RESTRICT_WORDS = ['限制', '从严审核', '不适用告知承诺', '不适用容缺受理'];
const SUPERVISION_WORDS = ['重点监管', '重点监控', '重要考量因素', '参考'];
const MORE_INSPECTION = /(提高|加大|增加)[^，。；]{0,6}频次/;

/** The strongest level a quoted wording supports, or null when it supports none. */
export function levelOfWording(wording: string): WordingLevel | null {
  const text = wording.replace(EITHER_OR, '限制');
  if (PROHIBIT_WORDS.some((w) => text.includes(w)) || CANCEL_QUALIFICATION.test(text)) return 'PROHIBIT';
  if (RESTRICT_WORDS.some((w) => text.includes(w))) return 'RESTRICT';
  if (SUPERVISION_WORDS.some((w) => text.includes(w)) || MORE_INSPECTION.test(text)) return 'STRICT_SUPERVISION';
  return null;
}

export interface WordingProblem {
  measure: string;
  trigger: string;
  message: string;
}

/**
 * Holds every punishing measure to its wording, trigger by trigger: each trigger's bases must
 * support the measure's level (the strongest basis decides), and PROHIBIT only on CONFIRMED
 * wording. Incentives are not levelled.
 */
export function lintCatalogue(c: Catalogue): WordingProblem[] {
  const problems: WordingProblem[] = [];
  for (const m of c.measures) {
    if (m.kind === 'INCENTIVE') continue;
    const want = STRENGTH[m.kind];
    m.triggers.forEach((t, i) => {
      const supported = t.bases.map((b) => {
        const level = levelOfWording(b.wording);
        // Unconfirmed wording may support a restriction at most: no one has read the bar in a text.
        const capped = level === 'PROHIBIT' && b.verification.state !== 'CONFIRMED' ? 'RESTRICT' : level;
        return capped ? STRENGTH[capped] : 0;
      });
      const best = Math.max(0, ...supported);
      if (best < want) {
        const seen = t.bases
          .map((b) => `${b.document} ${b.article} "${b.wording}" (${b.verification.state}) → ${levelOfWording(b.wording) ?? 'no level'}`)
          .join('; ');
        problems.push({
          measure: m.code,
          trigger: t.kind,
          message: `measure ${m.code}, field triggers[${i}] (${t.kind}): level ${m.kind} is harsher than its bases' wording supports — ${seen}`,
        });
      }
    });
  }
  return problems;
}
