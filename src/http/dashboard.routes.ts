import type { TokenVerifier } from '../auth/tokens.js';
import { isDomainError } from '../domain/errors.js';
import type { StatisticsService } from '../domain/statistics/statistics.service.js';
import type { ServiceIndexService } from '../domain/service-index/service-index.service.js';
import type { LocalDate } from '../domain/time/local-time.js';
import { dashboardData } from '../portal/dashboard/dashboard-data.js';
import { DASHBOARD_ASSETS_PATH, DASHBOARD_CSP, dashboardAsset, renderDashboardPage } from '../portal/dashboard/dashboard-page.js';
import { languageOf } from '../schema/messages.js';
import { bearerActorOf } from './bearer-actor.js';
import { sendDomainRefusal } from './domain-refusal.js';
import type { Route } from './http-server.js';
import { sendHtml, sendJson } from './http-utils.js';
import { staticAssetRoute } from './static-asset.route.js';

export interface DashboardRouteDeps {
  statistics: StatisticsService;
  serviceIndex: ServiceIndexService;
  tokens: TokenVerifier;
  today(): LocalDate;
}

/**
 * The provincial dashboard: `GET /dashboard` (the page, no figures in it), its files under
 * `/dashboard/assets/`, and `GET /dashboard/data.json?unitCode=&from=&to=` (the figures, with
 * the bearer token and scopes of Query.statistics and Query.serviceIndex; refusals as every plain route gives them:
 * 400, 401, 403, 404). Each part of the query may be left out: the token's unit, the last twelve
 * months up to today.
 */
export function dashboardRoutes(deps: DashboardRouteDeps): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/dashboard\/?$/,
      handle: async (_req, res) => sendHtml(res, 200, renderDashboardPage(), { 'content-security-policy': DASHBOARD_CSP }),
    },
    {
      method: 'GET',
      path: /^\/dashboard\/data\.json$/,
      handle: async (req, res, _match, url) => {
        const params = url.searchParams;
        try {
          const actor = await bearerActorOf(req, deps.tokens);
          const data = await dashboardData(deps, actor, {
            unitCode: params.get('unitCode'),
            from: params.get('from'),
            to: params.get('to'),
          }, deps.today());
          sendJson(res, 200, data, { 'cache-control': 'no-store' });
        } catch (error) {
          if (!isDomainError(error)) throw error;
          sendDomainRefusal(res, error, languageOf(req.headers['accept-language']));
        }
      },
    },
    staticAssetRoute(DASHBOARD_ASSETS_PATH, dashboardAsset),
  ];
}
