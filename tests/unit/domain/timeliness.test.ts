import { DossierStatus as S, Timeliness as T } from '../../../src/domain/vocabulary/dossier-enums.js';
import { timelinessOf } from '../../../src/domain/dossier/timeliness.js';

const at = (local: string) => new Date(`${local}+07:00`);

describe('timeliness', () => {
  test.each([
    [S.RESOLVED, '2026-03-05', '2026-03-04T16:00:00', '2026-03-20', T.EARLY],
    [S.RESOLVED, '2026-03-05', '2026-03-05T23:59:00', '2026-03-20', T.ON_TIME],
    [S.RETURNED, '2026-03-05', '2026-03-06T00:01:00', '2026-03-01', T.LATE],
    [S.RETURNED, '2026-03-05', '2026-03-05T08:00:00', '2026-03-30', T.ON_TIME],
    [S.RECEIVED, '2026-03-05', null, '2026-03-05', T.IN_PROGRESS_ON_TIME],
    [S.PROCESSING, '2026-03-05', null, '2026-03-06', T.IN_PROGRESS_OVERDUE],
    [S.AWAITING_SUPPLEMENT, '2026-03-05', null, '2026-03-04', T.IN_PROGRESS_ON_TIME],
    [S.SUSPENDED, '2026-03-05', null, '2026-03-09', T.IN_PROGRESS_OVERDUE],
    [S.AWAITING_PAYMENT, '2026-03-05', null, '2026-03-05', T.IN_PROGRESS_ON_TIME],
    [S.SUBMITTED, null, null, '2026-03-09', T.NOT_STARTED],
    [S.REFUSED, null, null, '2026-03-09', T.NOT_STARTED],
    [S.WITHDRAWN, '2026-03-05', null, '2026-03-09', T.NOT_STARTED],
  ])('%s due %s resolved %s today %s -> %s', (status, dueDate, resolved, today, expected) => {
    expect(timelinessOf({ status, dueDate, resolvedAt: resolved ? at(resolved) : null }, today)).toBe(expected);
  });
});
