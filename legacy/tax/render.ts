import type { RemovalKind, TaxTruth } from '../dataset/types.js';
import { assertNever } from '../../common/assert-never.js';
import { SOAP_ENV_NAMESPACE, TAX_NAMESPACE, TAX_OPERATION, TAX_RETURN_OK, beijingTimestamp, compactDate, xmlText, yuan } from './protocol.js';

/**
 * 停止公布原因 as the tax system codes and words it. Only 01 is credit repair (信用修复); the
 * others end publication for other reasons.
 */
export function stopReasonOf(removal: RemovalKind): { code: string; text: string } {
  switch (removal) {
    case 'REPAIRED':
      return { code: '01', text: '提前停止公布（纳税人完成信用修复）' };
    case 'REVOKED':
      return { code: '02', text: '原税务处理决定被依法撤销' };
    case 'PERFORMED':
      return { code: '03', text: '已缴清税款、滞纳金和罚款，停止公布' };
    case 'CURED':
      return { code: '04', text: '违法行为已纠正，停止公布' };
    default:
      return assertNever(removal);
  }
}

const el = (name: string, value: string | undefined) => (value === undefined ? `<${name}/>` : `<${name}>${xmlText(value)}</${name}>`);

/** One `<Nsrxx>` (纳税人信息) element: the taxpayer keyed by the number the tax office holds. */
export function renderTaxpayer(tax: TaxTruth, name: string | undefined): string {
  // The ledger lists ratings newest first.
  const ratings = [...tax.ratings]
    .sort((a, b) => b.year - a.year)
    .map((r) => `<Xydj>${el('Pdnd', String(r.year))}${el('Xydj', r.level)}</Xydj>`)
    .join('');
  const cases = tax.majorViolations
    .map((v) => {
      const stop = v.removal ? stopReasonOf(v.removal) : undefined;
      return (
        '<Ajxx>' +
        el('Ajbh', v.reference) +
        el('Jcjg', v.authority) +
        el('Zywfss', v.reason) +
        el('Saje', yuan(v.amountYuan)) +
        el('Gbrq', compactDate(v.listedOn)) +
        el('Gbjzrq', v.publicUntil && compactDate(v.publicUntil)) +
        el('Tzgbrq', v.removedOn && compactDate(v.removedOn)) +
        el('Tzgbyydm', v.removedOn ? stop?.code : undefined) +
        el('Tzgbyy', v.removedOn ? stop?.text : undefined) +
        el('Yybz', v.underObjection ? 'Y' : 'N') +
        '</Ajxx>'
      );
    })
    .join('');
  const arrears = tax.arrears
    .map(
      (a) => `<Qsxx>${el('Sz', a.taxType)}${el('Qsje', yuan(a.amountYuan))}${el('Qsfsrq', compactDate(a.since))}${el('Zgswjg', a.authority)}</Qsxx>`,
    )
    .join('');
  return (
    '<Nsrxx>' +
    el('Nsrsbh', tax.taxpayerId) +
    (name === undefined ? '' : el('Nsrmc', name)) +
    (ratings ? `<Xydjxx>${ratings}</Xydjxx>` : '<Xydjxx/>') +
    (cases ? `<Zdsswfaj>${cases}</Zdsswfaj>` : '<Zdsswfaj/>') +
    (arrears ? `<Qsgg>${arrears}</Qsgg>` : '<Qsgg/>') +
    '</Nsrxx>'
  );
}

/** The SOAP response of `queryNsrxyxx` around the rendered taxpayers. */
export function renderResponse(taxpayers: readonly string[], now: Date): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soap:Envelope xmlns:soap="${SOAP_ENV_NAMESPACE}"><soap:Body>` +
    `<ns2:${TAX_OPERATION}Response xmlns:ns2="${TAX_NAMESPACE}">` +
    `<Fhdm>${TAX_RETURN_OK}</Fhdm><Fhxx>查询成功</Fhxx><Cxsj>${beijingTimestamp(now)}</Cxsj><Fhhs>${taxpayers.length}</Fhhs>` +
    (taxpayers.length ? `<Nsrxxlb>${taxpayers.join('')}</Nsrxxlb>` : '<Nsrxxlb/>') +
    `</ns2:${TAX_OPERATION}Response></soap:Body></soap:Envelope>`
  );
}

/** A SOAP 1.1 fault (sent with HTTP 500, as SOAP 1.1 requires). */
export function renderFault(faultcode: 'soap:Client' | 'soap:Server', faultstring: string, errorCode: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soap:Envelope xmlns:soap="${SOAP_ENV_NAMESPACE}"><soap:Body><soap:Fault>` +
    `<faultcode>${faultcode}</faultcode><faultstring>${xmlText(faultstring)}</faultstring>` +
    `<detail><ns2:ServiceException xmlns:ns2="${TAX_NAMESPACE}"><Cwdm>${xmlText(errorCode)}</Cwdm></ns2:ServiceException></detail>` +
    '</soap:Fault></soap:Body></soap:Envelope>'
  );
}
