/**
 * The wire contract of the tax credit web service (纳税信用信息查询服务), as the old
 * JAX-WS deployment exposes it: SOAP 1.1 over HTTP, one operation.
 *
 *   POST /ws/TaxCreditService
 *   Content-Type: text/xml; charset=utf-8
 *   SOAPAction: "http://nsxy.chinatax.gov.cn/ws/TaxCreditService/queryNsrxyxx"
 *
 * The application key travels in a SOAP header (`<AuthHeader><AppKey>`), the query items in
 * `<queryNsrxyxx><Cxlb><Taxpayer><Nsrsbh/><Ysbh/></Taxpayer>…</Cxlb></queryNsrxyxx>`.
 */

/** Target namespace of the service (WSDL `targetNamespace`). */
export const TAX_NAMESPACE = 'http://nsxy.chinatax.gov.cn/ws/TaxCreditService';
export const SOAP_ENV_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';
export const TAX_SERVICE_PATH = '/ws/TaxCreditService';
/** 查询纳税人信用信息 — the only operation. */
export const TAX_OPERATION = 'queryNsrxyxx';
export const TAX_SOAP_ACTION = `${TAX_NAMESPACE}/${TAX_OPERATION}`;
/** 单次查询纳税人户数上限 — taxpayers per call (not numbers: one item may carry two). */
export const TAX_MAX_TAXPAYERS = 50;
/** 返回代码: 0000 = 查询成功. */
export const TAX_RETURN_OK = '0000';

/** Escape text for an XML element body. */
export function xmlText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&apos;';
    }
  });
}

/** ISO `YYYY-MM-DD` → the system's `YYYYMMDD`. */
export function compactDate(iso: string): string {
  return iso.replaceAll('-', '');
}

/** Amounts are yuan with two decimals, as the tax ledger prints them. */
export function yuan(amount: number): string {
  return amount.toFixed(2);
}

/** `yyyyMMddHHmmss` in Beijing time — the 查询时间 stamp. */
export function beijingTimestamp(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
