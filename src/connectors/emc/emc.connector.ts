import { localDateOf } from '../../domain/time/local-time.js';
import { ConnectorError, ErrorClass, reportRowsIn, type Connector, type ConnectorContext, type RemoteDayCount } from '../sdk/index.js';
import { emcBodyOf, emcIdempotencyKey, emcStatusOf, siteIdFor, siteIdSettingProblem } from './emc-mapping.js';

function siteIdOrConfigError(ctx: ConnectorContext, provinceCode: string): string {
  const siteId = siteIdFor(ctx.settings.option('siteId'), provinceCode);
  if (!siteId) {
    throw new ConnectorError(
      ErrorClass.CONFIG,
      `${ctx.settings.envName('SITE_ID')} has no site id for province ${provinceCode}: EMC would not count these dossiers`,
    );
  }
  return siteId;
}

/**
 * EMC, the government's monitoring system (Hệ thống thông tin giám sát, đo lường mức độ cung cấp
 * và sử dụng dịch vụ). Every dossier is reported: one event per dossier and status 1/2/3 (and 0
 * when a received dossier is withdrawn), with the site id of its province. Offers remote counts
 * of online dossiers per unit and day for reconciliation.
 */
export const emcConnector: Connector = {
  key: 'emc',
  name: 'EMC – Hệ thống giám sát, đo lường dịch vụ công',
  options: [
    {
      name: 'siteId',
      env: 'SITE_ID',
      description: 'EMC site id: one for every province, or per province as 51=SITE-A,79=SITE-B. Required: EMC ignores events without it.',
    },
    {
      name: 'includeImported',
      env: 'INCLUDE_IMPORTED',
      description: 'Also report dossiers imported from legacy systems (1/0). Off by default: their own systems reported them.',
      default: '0',
      type: 'flag',
    },
  ],

  validate(settings) {
    const problem = siteIdSettingProblem(settings.option('siteId'));
    return problem ? `${settings.envName('SITE_ID')} ${problem}: EMC ignores events without a site id (a known cause of undercounting)` : null;
  },

  handles(event, settings) {
    if (event.imported && !settings.flag('includeImported')) return false;
    return emcStatusOf(event) !== null;
  },

  idempotencyKey: emcIdempotencyKey,
  kindOf: () => 'dossier.status',

  async push(delivery, ctx) {
    const status = emcStatusOf(delivery.event);
    if (status === null) throw new ConnectorError(ErrorClass.REMOTE_REJECTED, `status ${delivery.event.status} is not reported to EMC`);
    const siteId = siteIdOrConfigError(ctx, delivery.event.provinceCode);
    await ctx.http.request({
      method: 'POST',
      path: '/TrackingMCDT',
      json: emcBodyOf(delivery.event, status, siteId),
      idempotencyKey: delivery.idempotencyKey,
    });
    return {};
  },

  async checkHealth(ctx) {
    const today = localDateOf(new Date());
    const anySite = siteIdFor(ctx.settings.option('siteId'), null);
    await ctx.http.request({ method: 'GET', path: '/reports/online-dossiers', query: { siteId: anySite ?? '', from: today, to: today } });
  },

  countBasis: 'ONLINE_RECEIVED',

  async countRemote(query, ctx): Promise<RemoteDayCount[]> {
    const siteId = siteIdOrConfigError(ctx, query.provinceCode);
    const single = query.unitCode.length === 5 ? query.unitCode : undefined;
    const answer = await ctx.http.request({
      method: 'GET',
      path: '/reports/online-dossiers',
      query: { siteId, from: query.from, to: query.to, unitCode: single },
    });
    return reportRowsIn(answer.body, query.unitCodes);
  },
};
