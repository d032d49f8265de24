import { XMLParser } from 'fast-xml-parser';
import { parseUscc } from '../../common/uscc/index.js';
import { LegacyBadResponseError, LegacyUnavailableError, type LegacySystem } from '../shared/index.js';
import { TAX_ARRAY_PATHS, taxQueryResponseModel, type TaxpayerAnswer } from './legacy-models.js';

const SYSTEM = 'tax system';
const NAMESPACE = 'http://nsxy.chinatax.gov.cn/ws/TaxCreditService';
const SERVICE_PATH = '/ws/TaxCreditService';
/** SOAP 1.1 wants the action quoted. */
const SOAP_ACTION = `"${NAMESPACE}/queryNsrxyxx"`;

export interface TaxLegacyClientOptions {
  /** The tax system as this service reaches it (dispatcher, breaker, metrics). */
  legacy: LegacySystem;
  /** Base URL of the service, e.g. `http://127.0.0.1:4103`. */
  url: string;
  /** The AppKey sent in the SOAP `AuthHeader`. */
  key: string;
  /** Deadline of one call in ms. */
  timeoutMs: number;
}

export interface TaxLegacyClient {
  /**
   * Ask the tax system about these enterprises (at most its batch limit, already validated USCCs)
   * in one call. Answers are keyed by the USCC asked for, whichever number the tax office holds;
   * enterprises it does not know are absent. Throws a `LegacyError`.
   */
  fetchByUscc(usccs: readonly string[]): Promise<Map<string, TaxpayerAnswer>>;
}

/**
 * The old 15-digit taxpayer number (纳税人识别号) of an enterprise registered before 三证合一:
 * the 6-digit division of its registering office followed by its 9-character organisation code —
 * both still embedded in the USCC (positions 3–8 and 9–17). Null for an invalid code.
 */
export function legacyTaxpayerNumber(uscc: string): string | null {
  const r = parseUscc(uscc);
  return r.valid ? r.info.division + r.info.organizationCodeCompact : null;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  // Keep every value a string: taxpayer numbers and amounts must not become JS numbers.
  parseTagValue: false,
  ignoreAttributes: true,
  isArray: (_name, jpath) => TAX_ARRAY_PATHS.has(String(jpath)),
});

function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function requestEnvelope(key: string, items: readonly { nsrsbh: string; ysbh: string | null }[]): string {
  const taxpayers = items
    .map((i) => `<Taxpayer><Nsrsbh>${xmlText(i.nsrsbh)}</Nsrsbh>${i.ysbh ? `<Ysbh>${xmlText(i.ysbh)}</Ysbh>` : ''}</Taxpayer>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xy="${NAMESPACE}">` +
    `<soapenv:Header><xy:AuthHeader><xy:AppKey>${xmlText(key)}</xy:AppKey></xy:AuthHeader></soapenv:Header>` +
    `<soapenv:Body><xy:queryNsrxyxx><Cxlb>${taxpayers}</Cxlb></xy:queryNsrxyxx></soapenv:Body>` +
    '</soapenv:Envelope>'
  );
}

/** Parse and validate a SOAP answer body; any problem is a `LegacyBadResponseError` without the body. */
export function parseTaxQueryResponse(body: string): { returnCode: string; taxpayers: TaxpayerAnswer[] } {
  let doc: unknown;
  try {
    // `true` validates first: a truncated answer must fail, not parse halfway.
    doc = parser.parse(body, true);
  } catch (err) {
    throw new LegacyBadResponseError(`${SYSTEM} answered XML that is not well-formed`, { cause: err });
  }
  const r = taxQueryResponseModel.safeParse(doc);
  if (!r.success) {
    throw new LegacyBadResponseError(`${SYSTEM} answer does not match the queryNsrxyxx model`, { cause: r.error });
  }
  return r.data;
}

/**
 * Client of the tax credit web service (SOAP 1.1). Each query item carries the USCC and the old
 * 15-digit number, because the tax system keys taxpayers never re-registered after 三证合一 by the
 * old number and answers with the number it holds; answers are mapped back to the USCC here.
 *
 * SOAP Faults (wrong key, wrong action, too many taxpayers) come with HTTP 500 and surface as
 * `LegacyUnavailableError` from `legacyRequest`.
 */
export function createTaxLegacyClient(o: TaxLegacyClientOptions): TaxLegacyClient {
  const url = o.url.replace(/\/$/, '') + SERVICE_PATH;
  return {
    async fetchByUscc(usccs) {
      const byNumber = new Map<string, string>();
      const items = usccs.map((uscc) => {
        const ysbh = legacyTaxpayerNumber(uscc);
        byNumber.set(uscc, uscc);
        if (ysbh) byNumber.set(ysbh, uscc);
        return { nsrsbh: uscc, ysbh };
      });
      const answer = await o.legacy.request({
        method: 'POST',
        url,
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: SOAP_ACTION },
        body: requestEnvelope(o.key, items),
        timeoutMs: o.timeoutMs,
      });
      const parsed = parseTaxQueryResponse(answer.body.toString('utf8'));
      if (parsed.returnCode !== '0000') {
        const code = /^\w{1,8}$/.test(parsed.returnCode) ? ` (return code ${parsed.returnCode})` : '';
        throw new LegacyUnavailableError(`${SYSTEM} reported a failure${code}`);
      }
      const found = new Map<string, TaxpayerAnswer>();
      for (const t of parsed.taxpayers) {
        // Numbers we did not ask for are ignored: they could only be another taxpayer's data.
        const uscc = byNumber.get(t.taxpayerId);
        if (uscc === undefined) continue;
        // Should the office hold the enterprise under both numbers, the USCC record wins.
        if (found.has(uscc) && t.taxpayerId !== uscc) continue;
        found.set(uscc, t);
      }
      return found;
    },
  };
}
