import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { createTaxSimulator } from './index.js';
import { TAX_SERVICE_PATH, TAX_SOAP_ACTION } from './protocol.js';
import type { Simulator } from '../sim/index.js';
import { BULK, OLD_NUMBER, USCC_A, USCC_HISTORY, USCC_NO_TAX, USCC_OLD, USCC_UNKNOWN, fixtureDataset } from '../../test/fixtures/legacy/tax.js';

const KEY = 'sim-test-key';
let sim: Simulator;
let base: string;

beforeAll(async () => {
  sim = createTaxSimulator({ dataset: fixtureDataset(), key: KEY });
  base = await sim.listen(0);
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.setFault('none');
  sim.resetStats();
});

type Item = { nsrsbh?: string; ysbh?: string };

function envelope(items: Item[], key = KEY): string {
  const taxpayers = items
    .map((i) => `<Taxpayer>${i.nsrsbh ? `<Nsrsbh>${i.nsrsbh}</Nsrsbh>` : ''}${i.ysbh ? `<Ysbh>${i.ysbh}</Ysbh>` : ''}</Taxpayer>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xy="http://nsxy.chinatax.gov.cn/ws/TaxCreditService">' +
    `<soapenv:Header><xy:AuthHeader><xy:AppKey>${key}</xy:AppKey></xy:AuthHeader></soapenv:Header>` +
    `<soapenv:Body><xy:queryNsrxyxx><Cxlb>${taxpayers}</Cxlb></xy:queryNsrxyxx></soapenv:Body></soapenv:Envelope>`
  );
}

async function call(body: string, headers: Record<string, string> = {}) {
  const res = await fetch(base + TAX_SERVICE_PATH, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${TAX_SOAP_ACTION}"`, ...headers },
    body,
  });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (_n, jpath) => /\.(Nsrxx|Xydjxx\.Xydj|Ajxx|Qsxx)$/.test(String(jpath)),
});

const parse = (xml: string): any => parser.parse(xml, true);

describe('tax simulator — SOAP 1.1 protocol', () => {
  it('answers each found taxpayer keyed by the number the tax office holds; unknown ones are absent', async () => {
    const items = [
      { nsrsbh: USCC_A, ysbh: USCC_A.slice(2, 17) },
      { nsrsbh: USCC_OLD, ysbh: OLD_NUMBER },
      { nsrsbh: USCC_NO_TAX },
      { nsrsbh: USCC_UNKNOWN },
    ];
    const r = await call(envelope(items));
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('text/xml; charset=utf-8');
    const resp = parse(r.text).Envelope.Body.queryNsrxyxxResponse;
    expect(resp.Fhdm).toBe('0000');
    expect(resp.Fhhs).toBe('2');
    const ids = resp.Nsrxxlb.Nsrxx.map((n: { Nsrsbh: string }) => n.Nsrsbh);
    expect(ids).toEqual([USCC_A, OLD_NUMBER]);
    const a = resp.Nsrxxlb.Nsrxx[0];
    expect(a.Nsrmc).toBe('北京星河软件有限公司');
    // Newest first, the nested <Xydj><Pdnd/><Xydj/></Xydj> of the ledger.
    expect(a.Xydjxx.Xydj).toEqual([
      { Pdnd: '2024', Xydj: 'A' },
      { Pdnd: '2023', Xydj: 'B' },
    ]);
    expect(a.Zdsswfaj).toBe('');
    const old = resp.Nsrxxlb.Nsrxx[1];
    expect(old.Zdsswfaj.Ajxx[0]).toEqual({
      Ajbh: '宜税稽罚〔2024〕15号',
      Jcjg: '国家税务总局宜昌市税务局稽查局',
      Zywfss: '虚开增值税专用发票，虚开税额1234567.89元',
      Saje: '1234567.89',
      Gbrq: '20241115',
      Gbjzrq: '20271114',
      Tzgbrq: '',
      Tzgbyydm: '',
      Tzgbyy: '',
      Yybz: 'Y',
    });
    expect(old.Qsgg.Qsxx).toEqual([{ Sz: '增值税', Qsje: '356000.50', Qsfsrq: '20240930', Zgswjg: '国家税务总局宜昌市西陵区税务局' }]);
    expect(sim.stats()).toEqual({ calls: 1, codes: 4 });
    // Each code asked is one lookup; the same batch again repeats all four.
    const before = sim.lookups();
    await call(envelope(items));
    expect(sim.lookups().repeatedCodes - before.repeatedCodes).toBe(4);
  });

  it('finds an old-number taxpayer only by its 15-digit number, never by the USCC alone', async () => {
    const byUscc = parse((await call(envelope([{ nsrsbh: USCC_OLD }]))).text);
    expect(byUscc.Envelope.Body.queryNsrxyxxResponse.Nsrxxlb).toBe('');
    const byOld = parse((await call(envelope([{ ysbh: OLD_NUMBER }]))).text);
    expect(byOld.Envelope.Body.queryNsrxyxxResponse.Nsrxxlb.Nsrxx[0].Nsrsbh).toBe(OLD_NUMBER);
  });

  it('words early stop of publication by its reason (01 = credit repair)', async () => {
    const resp = parse((await call(envelope([{ nsrsbh: USCC_HISTORY }]))).text).Envelope.Body.queryNsrxyxxResponse;
    const cases = resp.Nsrxxlb.Nsrxx[0].Zdsswfaj.Ajxx as Record<string, string>[];
    expect(cases.map((c) => [c.Ajbh, c.Tzgbrq, c.Tzgbyydm, c.Tzgbyy])).toEqual([
      ['武税稽罚〔2023〕8号', '20240920', '01', '提前停止公布（纳税人完成信用修复）'],
      ['武税稽罚〔2023〕21号', '20231201', '02', '原税务处理决定被依法撤销'],
      ['武税稽罚〔2021〕3号', '', '', ''],
    ]);
  });

  it('accepts 50 taxpayers carrying 100 numbers; the limit counts taxpayers', async () => {
    const items = BULK.slice(0, 50).map((e) => ({ nsrsbh: e.uscc, ysbh: e.uscc.slice(2, 17) }));
    const r = await call(envelope(items));
    expect(r.status).toBe(200);
    expect(parse(r.text).Envelope.Body.queryNsrxyxxResponse.Fhhs).toBe('50');
    expect(sim.stats()).toEqual({ calls: 1, codes: 50 });
  });

  const faults: [string, () => Promise<{ status: number; text: string }>, RegExp][] = [
    ['a wrong AppKey', () => call(envelope([{ nsrsbh: USCC_A }], 'wrong')), /身份认证失败/],
    ['a missing AppKey', () => call(envelope([{ nsrsbh: USCC_A }], '')), /身份认证失败/],
    ['a wrong SOAPAction', () => call(envelope([{ nsrsbh: USCC_A }]), { soapaction: '"urn:queryAll"' }), /无效的SOAPAction/],
    ['no SOAPAction', () => call(envelope([{ nsrsbh: USCC_A }]), { soapaction: '' }), /无效的SOAPAction/],
    ['51 taxpayers', () => call(envelope(BULK.slice(0, 51).map((e) => ({ nsrsbh: e.uscc })))), /不得超过50户，本次请求51户/],
    ['an item without any number', () => call(envelope([{ nsrsbh: USCC_A }, {}])), /第2户纳税人未提供纳税人识别号/],
    ['a truncated request', () => call(envelope([{ nsrsbh: USCC_A }]).slice(0, 200)), /不是合法的XML/],
  ];
  it.each(faults)('answers %s with a soap:Client Fault and HTTP 500', async (_name, send, faultstring) => {
    const r = await send();
    expect(r.status).toBe(500);
    const f = parse(r.text).Envelope.Body.Fault;
    expect(f.faultcode).toBe('soap:Client');
    expect(f.faultstring).toMatch(faultstring);
  });

  it('accepts an unquoted SOAPAction, rejects a non-XML content type', async () => {
    expect((await call(envelope([{ nsrsbh: USCC_A }]), { soapaction: TAX_SOAP_ACTION })).status).toBe(200);
    expect((await call(envelope([{ nsrsbh: USCC_A }]), { 'content-type': 'application/json' })).status).toBe(415);
  });

  it('answers truncated XML under the malformed fault', async () => {
    sim.setFault('malformed');
    const r = await call(envelope([{ nsrsbh: USCC_A }, { nsrsbh: USCC_OLD, ysbh: OLD_NUMBER }]));
    expect(r.status).toBe(200);
    expect(() => parse(r.text)).toThrow();
    expect(r.text.startsWith('<?xml')).toBe(true);
    expect(sim.stats().codes).toBe(2);
  });
});
