import { ConfigError } from '../../../src/config.js';
import { DEFAULT_RECONCILE_CRON, loadReconciliationSettings } from '../../../src/connectors/reconciliation/reconciliation-settings.js';

describe('RECONCILE_* settings', () => {
  test('defaults: enabled, 01:30 every night, 7 days, a follow-up after 30 minutes', () => {
    expect(loadReconciliationSettings({})).toEqual({ enabled: true, cron: DEFAULT_RECONCILE_CRON, days: 7, followUpDelaySeconds: 1800, maxDays: 93 });
  });

  test('read from the environment', () => {
    expect(loadReconciliationSettings({
      RECONCILE_ENABLED: 'off', RECONCILE_CRON: ' 0 3 * * 1-5 ', RECONCILE_DAYS: '8', RECONCILE_FOLLOW_UP_DELAY_SECONDS: '600', RECONCILE_MAX_DAYS: '31',
    })).toEqual({ enabled: false, cron: '0 3 * * 1-5', days: 8, followUpDelaySeconds: 600, maxDays: 31 });
  });

  test('bad values stop the start with the variable named', () => {
    expect(() => loadReconciliationSettings({ RECONCILE_CRON: 'every night' })).toThrow(/RECONCILE_CRON/);
    expect(() => loadReconciliationSettings({ RECONCILE_DAYS: '0' })).toThrow(/RECONCILE_DAYS/);
    expect(() => loadReconciliationSettings({ RECONCILE_DAYS: '40', RECONCILE_MAX_DAYS: '31' })).toThrow(ConfigError);
    expect(() => loadReconciliationSettings({ RECONCILE_ENABLED: 'maybe' })).toThrow(/RECONCILE_ENABLED/);
    expect(() => loadReconciliationSettings({ RECONCILE_FOLLOW_UP_DELAY_SECONDS: '-1' })).toThrow(/RECONCILE_FOLLOW_UP_DELAY_SECONDS/);
  });
});
