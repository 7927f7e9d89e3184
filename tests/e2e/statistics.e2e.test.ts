import pg from 'pg';
import { directStatistics } from '../../bench/statistics-direct-sql.js';
import { Role } from '../../src/domain/access/actor.js';
import { TestClock } from '../support/clock.js';
import { validFormData } from '../support/form-data.js';
import { snapshotsAroundRebuild, statisticsErrorOf, statisticsRows } from '../support/statistics.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Statistics over a small province whose every figure was computed by hand (DOMAIN.md,
 * "Statistics"). March 2026 has no holidays; the Tết break ends on Sunday 22 February.
 *
 * Commune 21211 (Xã Tịnh Khê), period 2026-03-09 (Mon) .. 2026-03-20 (Fri):
 *   D1  IN_PERSON 1.004884 (5 d, PARTIAL) recv Thu 03-05, due 03-12, RESOLVE 03-10      carried over, resolved EARLY
 *   D2  POSTAL    1.004873 (3 d, FULL)    recv Wed 03-04, due 03-09, never finished     carried over, in progress OVERDUE  (live)
 *   D3  IN_PERSON 1.004222 (7 d, FULL)    recv Mon 03-02, due 03-11, WITHDRAW 03-16     carried over, withdrawn
 *   D4  IN_PERSON 1.001193 (0 d, FULL)    recv Tue 03-03, due 03-03, RESOLVE 03-03      finished before the period: not counted
 *   D5  ONLINE    1.004873 (FULL)         sub Mon 03-09 20:00, ACCEPT 03-10, due 03-13, RESOLVE 03-13   received, ON_TIME  (live)
 *   D6  ONLINE    1.004873                sub 03-10, REFUSE 03-10                       never received: not counted
 *   D7  IN_PERSON 1.004873 (FULL)         recv Wed 03-11 16:30, due 03-16, RESOLVE 03-18 received, LATE
 *   D8  IN_PERSON 1.004884 (PARTIAL)      recv Thu 03-12, due 03-19; paused 03-13..03-17 (2 working days) -> due 03-23;
 *                                         RESOLVE 03-20                                 received, EARLY (LATE without the pause)
 *   D9  ONLINE    1.004884 (PARTIAL)      ACCEPT Wed 03-18, due 03-25                   received, in progress on time
 *   D10 IN_PERSON 1.001612 (3 d, FULL, business) recv Mon 03-16, due 03-19; payment pause from 03-17, resumed 03-24 -> due 03-26
 *                                         received, in progress OVERDUE at the end of 03-20 (due date as it stood then)  (live)
 *   D11 POSTAL    1.004222 (FULL)         recv Tue 03-17, supplement 03-18, WITHDRAW 03-19   received, withdrawn
 *   D12 IN_PERSON 2.000815 (0 d, NONE)    recv Fri 03-20 15:30 -> due 03-23             received, in progress on time
 *   D13 IN_PERSON 1.001193 (0 d, FULL)    recv Thu 03-19, RESOLVE 03-19, WITHDRAW 03-20 received, ON_TIME (a withdrawal after RESOLVE finishes nothing)
 *   D14 IN_PERSON 1.001193                recv Mon 03-23                                after the period
 *   D15 ONLINE    1.004873                sub 03-19, still SUBMITTED                    never received: not counted
 * Commune 21025 (Phường Cẩm Thành):
 *   B1  IN_PERSON 1.004873 recv Mon 02-23, due 02-26, processing                       carried over, in progress OVERDUE
 *   B2  ONLINE    1.004873 ACCEPT Wed 03-11, due 03-16, RESOLVE 03-13                  received, EARLY  (live)
 *   B3  POSTAL    1.000894 (0 d, PARTIAL) recv Thu 03-12 14:00, due 03-12, RESOLVE 03-13   received, LATE
 * Province center 51:
 *   C1  ONLINE    1.012756 (17 d, FULL, land) ACCEPT Mon 03-09, due 04-01              received, in progress on time
 * Another province (79): X1 in 26740, never in province 51's figures.
 */
const A = '21211';
const B = '21025';
const applicant = { fullName: 'Lê Thị Hoa', citizenId: '051190001234', phone: '0905123456' };
const citizenB = { fullName: 'Phạm Văn Nam', citizenId: '051188005678', phone: '0914765432' };
const at = (local: string) => `${local}:00+07:00`;

const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id code dueDate } userErrors { code } } }`;
const ACT = `mutation($input: DossierActionInput!) { actOnDossier(input: $input) { dossier { status dueDate } userErrors { code } } }`;
const IMPORT = `mutation($input: [ImportDossierInput!]!) { importDossiers(input: $input) { imported errors { index userErrors { code field } } } }`;
const OVERDUE = `query($unitCode: String!) { dossiers(filter: { unitCode: $unitCode, overdue: true }) { totalCount } }`;

type Row = Record<string, unknown>;

describe('statistics: every field and grouping on a hand-computed dataset', () => {
  const clock = new TestClock(at('2026-03-04T09:00'));
  let t: TestApp;
  let provinceAdmin: string;
  let statisticianA: string;

  async function receive(token: string, input: { procedureCode: string; applicant?: typeof applicant } & Record<string, unknown>): Promise<string> {
    const formData = validFormData(input.procedureCode, input.applicant ?? applicant, clock.now());
    const result = dataOf(await t.gql(RECEIVE, { input: { applicant, formData, ...input } }, { token })).receiveDossier;
    expect(result.userErrors).toEqual([]);
    return result.dossier.id;
  }
  async function act(token: string, dossierId: string, action: string, extra: Record<string, unknown> = {}) {
    const result = dataOf(await t.gql(ACT, { input: { dossierId, action, ...extra } }, { token })).actOnDossier;
    expect(result.userErrors).toEqual([]);
    return result.dossier;
  }

  beforeAll(async () => {
    t = await startTestApp({ clock, catalog: true });
    provinceAdmin = await t.token(Role.PROVINCE_ADMIN, '51');
    statisticianA = await t.token(Role.STATISTICIAN, A);
    const officerA = await t.token(Role.OFFICER, A);
    const officerB = await t.token(Role.OFFICER, B);
    const citizenTokenA = await t.token(Role.CITIZEN, null, applicant.citizenId);
    const citizenTokenB = await t.token(Role.CITIZEN, null, citizenB.citizenId);

    // Live dossiers, the clock moving forward through March.
    const d2 = await receive(officerA, { procedureCode: '1.004873', unitCode: A, channel: 'POSTAL' });
    clock.set(at('2026-03-05T09:00'));
    await act(officerA, d2, 'START_PROCESSING');
    clock.set(at('2026-03-09T20:00'));
    const d5 = await receive(citizenTokenA, { procedureCode: '1.004873', unitCode: A, channel: 'ONLINE' });
    clock.set(at('2026-03-10T08:30'));
    expect(await act(officerA, d5, 'ACCEPT')).toMatchObject({ status: 'RECEIVED', dueDate: '2026-03-13' });
    clock.set(at('2026-03-11T09:00'));
    const b2 = await receive(citizenTokenB, { procedureCode: '1.004873', unitCode: B, channel: 'ONLINE', applicant: citizenB });
    clock.set(at('2026-03-11T10:00'));
    expect(await act(officerB, b2, 'ACCEPT')).toMatchObject({ dueDate: '2026-03-16' });
    clock.set(at('2026-03-13T10:00'));
    await act(officerA, d5, 'RESOLVE', { outcome: 'APPROVED' });
    clock.set(at('2026-03-13T11:00'));
    await act(officerB, b2, 'RESOLVE', { outcome: 'APPROVED' });
    clock.set(at('2026-03-16T09:00'));
    await act(officerA, d5, 'RETURN_RESULT');
    const d10 = await receive(officerA, { procedureCode: '1.001612', unitCode: A, channel: 'IN_PERSON' });
    clock.set(at('2026-03-16T10:00'));
    await act(officerA, d10, 'START_PROCESSING');
    clock.set(at('2026-03-17T09:00'));
    expect(await act(officerA, d10, 'REQUEST_PAYMENT')).toMatchObject({ status: 'AWAITING_PAYMENT', dueDate: '2026-03-19' });
    clock.set(at('2026-03-24T09:00'));
    expect(await act(officerA, d10, 'CONFIRM_PAYMENT')).toMatchObject({ status: 'PROCESSING', dueDate: '2026-03-26' });

    // Backdated imports of the rest.
    clock.set(at('2026-03-25T10:00'));
    const inPerson = (code: string, procedureCode: string, receivedAt: string, history: object[] = [], unitCode = A, channel = 'IN_PERSON') =>
      ({ code, procedureCode, unitCode, channel, applicant, receivedAt: at(receivedAt), history });
    const online = (code: string, procedureCode: string, submittedAt: string, history: object[], unitCode = A) =>
      ({ code, procedureCode, unitCode, channel: 'ONLINE', applicant, submittedAt: at(submittedAt), history });
    const step = (action: string, when: string, extra: object = {}) => ({ action, at: at(when), ...extra });
    const resolve = (when: string) => step('RESOLVE', when, { outcome: 'APPROVED' });
    const imported = dataOf(await t.gql(IMPORT, {
      input: [
        inPerson('D1', '1.004884', '2026-03-05T10:00', [step('START_PROCESSING', '2026-03-05T11:00'), resolve('2026-03-10T14:00'), step('RETURN_RESULT', '2026-03-11T09:00')]),
        inPerson('D3', '1.004222', '2026-03-02T08:00', [step('WITHDRAW', '2026-03-16T09:00')]),
        inPerson('D4', '1.001193', '2026-03-03T10:00', [resolve('2026-03-03T16:00'), step('RETURN_RESULT', '2026-03-04T09:00')]),
        online('D6', '1.004873', '2026-03-10T09:00', [step('REFUSE', '2026-03-10T11:00')]),
        inPerson('D7', '1.004873', '2026-03-11T16:30', [resolve('2026-03-18T10:00')]),
        inPerson('D8', '1.004884', '2026-03-12T09:00', [
          step('START_PROCESSING', '2026-03-12T10:00'), step('REQUEST_SUPPLEMENT', '2026-03-13T09:00'),
          step('SUBMIT_SUPPLEMENT', '2026-03-17T09:00'), resolve('2026-03-20T15:00'),
        ]),
        online('D9', '1.004884', '2026-03-18T07:00', [step('ACCEPT', '2026-03-18T08:00')]),
        inPerson('D11', '1.004222', '2026-03-17T10:00', [step('REQUEST_SUPPLEMENT', '2026-03-18T09:00'), step('WITHDRAW', '2026-03-19T09:00')], A, 'POSTAL'),
        inPerson('D12', '2.000815', '2026-03-20T15:30'),
        inPerson('D13', '1.001193', '2026-03-19T09:00', [resolve('2026-03-19T11:00'), step('WITHDRAW', '2026-03-20T10:00')]),
        inPerson('D14', '1.001193', '2026-03-23T09:00'),
        online('D15', '1.004873', '2026-03-19T10:00', []),
        inPerson('B1', '1.004873', '2026-02-23T09:00', [step('START_PROCESSING', '2026-02-24T09:00')], B),
        inPerson('B3', '1.000894', '2026-03-12T14:00', [resolve('2026-03-13T09:00')], B, 'POSTAL'),
        online('C1', '1.012756', '2026-03-09T08:00', [step('ACCEPT', '2026-03-09T09:00')], '51'),
        inPerson('X1', '1.001193', '2026-03-10T09:00', [], '26740'),
      ],
    }, { token: await t.token(Role.SYSTEM_ADMIN) })).importDossiers;
    expect(imported).toEqual({ imported: 16, errors: [] });
  });
  afterAll(() => t.stop());

  const province = { unitCode: '51', from: '2026-03-09', to: '2026-03-20' };

  test('a commune: every field, with carried-over, withdrawn, paused, refused, late and overdue dossiers', async () => {
    expect(await statisticsRows(t, statisticianA, { unitCode: A, from: '2026-03-09', to: '2026-03-20' })).toEqual([{
      key: 'ALL', label: 'Xã Tịnh Khê',
      received: 8, receivedOnline: 2, receivedInPerson: 5, receivedPostal: 1, // D5 D9 | D7 D8 D10 D12 D13 | D11
      carriedOver: 3, // D1 D2 D3
      resolved: 5, resolvedEarly: 2, resolvedOnTime: 2, resolvedLate: 1, // D1 D8 | D5 D13 | D7
      withdrawn: 2, // D3 D11
      inProgress: 4, inProgressOnTime: 2, inProgressOverdue: 2, // D9 D12 | D2 D10
      onTimeRate: 4 / 5,
      onlineRate: 2 / 8,
      fullOnlineRate: 1 / 5, // FULL received: D5 (online) D7 D10 D11 D13
      partialOnlineRate: 1 / 2, // PARTIAL received: D8, D9 (online)
      progressScore: 6 / 11, // (2 + 2 + 2) / (8 + 3)
    }]);
  });

  test('NONE for a province: its own center plus all its communes, nothing of another province', async () => {
    expect(await statisticsRows(t, provinceAdmin, province)).toEqual([{
      key: 'ALL', label: 'Tỉnh Quảng Ngãi',
      received: 11, receivedOnline: 4, receivedInPerson: 5, receivedPostal: 2,
      carriedOver: 4, resolved: 7, resolvedEarly: 3, resolvedOnTime: 2, resolvedLate: 2, withdrawn: 2,
      inProgress: 6, inProgressOnTime: 3, inProgressOverdue: 3,
      onTimeRate: 5 / 7, onlineRate: 4 / 11, fullOnlineRate: 3 / 7, partialOnlineRate: 1 / 3, progressScore: 8 / 15,
    }]);
  });

  const zeroRow = (key: string, label: string): Row => ({
    key, label, received: 0, receivedOnline: 0, receivedInPerson: 0, receivedPostal: 0, carriedOver: 0,
    resolved: 0, resolvedEarly: 0, resolvedOnTime: 0, resolvedLate: 0, withdrawn: 0,
    inProgress: 0, inProgressOnTime: 0, inProgressOverdue: 0,
    onTimeRate: null, onlineRate: null, fullOnlineRate: null, partialOnlineRate: null, progressScore: null,
  });

  test('UNIT: one row for the provincial center, one per commune and one per department, sorted by key', async () => {
    const rows = await statisticsRows(t, provinceAdmin, { ...province, groupBy: 'UNIT' });
    expect(rows.map((r) => r.key)).toEqual(['21025', '21028', '21040', '21211', '21548', '51', '51.SNNMT']);
    expect(rows).toEqual([
      {
        key: '21025', label: 'Phường Cẩm Thành',
        received: 2, receivedOnline: 1, receivedInPerson: 0, receivedPostal: 1, carriedOver: 1, // B2 | B3; B1
        resolved: 2, resolvedEarly: 1, resolvedOnTime: 0, resolvedLate: 1, withdrawn: 0,
        inProgress: 1, inProgressOnTime: 0, inProgressOverdue: 1,
        onTimeRate: 1 / 2, onlineRate: 1 / 2, fullOnlineRate: 1, partialOnlineRate: 0, progressScore: 1 / 3,
      },
      zeroRow('21028', 'Phường Nghĩa Lộ'),
      zeroRow('21040', 'Xã Bình Sơn'),
      {
        key: '21211', label: 'Xã Tịnh Khê',
        received: 8, receivedOnline: 2, receivedInPerson: 5, receivedPostal: 1, carriedOver: 3,
        resolved: 5, resolvedEarly: 2, resolvedOnTime: 2, resolvedLate: 1, withdrawn: 2,
        inProgress: 4, inProgressOnTime: 2, inProgressOverdue: 2,
        onTimeRate: 4 / 5, onlineRate: 2 / 8, fullOnlineRate: 1 / 5, partialOnlineRate: 1 / 2, progressScore: 6 / 11,
      },
      zeroRow('21548', 'Đặc khu Lý Sơn'),
      {
        key: '51', label: 'Tỉnh Quảng Ngãi',
        received: 1, receivedOnline: 1, receivedInPerson: 0, receivedPostal: 0, carriedOver: 0, // C1
        resolved: 0, resolvedEarly: 0, resolvedOnTime: 0, resolvedLate: 0, withdrawn: 0,
        inProgress: 1, inProgressOnTime: 1, inProgressOverdue: 0,
        onTimeRate: null, onlineRate: 1, fullOnlineRate: 1, partialOnlineRate: null, progressScore: 1,
      },
      zeroRow('51.SNNMT', 'Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi'),
    ]);
  });

  test('FIELD: the field of each procedure, only fields with figures', async () => {
    expect(await statisticsRows(t, provinceAdmin, { ...province, groupBy: 'FIELD' })).toEqual([
      {
        key: 'CHUNG_THUC', label: 'Chứng thực', // D12
        received: 1, receivedOnline: 0, receivedInPerson: 1, receivedPostal: 0, carriedOver: 0,
        resolved: 0, resolvedEarly: 0, resolvedOnTime: 0, resolvedLate: 0, withdrawn: 0,
        inProgress: 1, inProgressOnTime: 1, inProgressOverdue: 0,
        onTimeRate: null, onlineRate: 0, fullOnlineRate: null, partialOnlineRate: null, progressScore: 1,
      },
      {
        key: 'CU_TRU', label: 'Cư trú', // D3 D11
        received: 1, receivedOnline: 0, receivedInPerson: 0, receivedPostal: 1, carriedOver: 1,
        resolved: 0, resolvedEarly: 0, resolvedOnTime: 0, resolvedLate: 0, withdrawn: 2,
        inProgress: 0, inProgressOnTime: 0, inProgressOverdue: 0,
        onTimeRate: null, onlineRate: 0, fullOnlineRate: 0, partialOnlineRate: null, progressScore: 0,
      },
      {
        key: 'DANG_KY_KINH_DOANH', label: 'Đăng ký kinh doanh', // D10
        received: 1, receivedOnline: 0, receivedInPerson: 1, receivedPostal: 0, carriedOver: 0,
        resolved: 0, resolvedEarly: 0, resolvedOnTime: 0, resolvedLate: 0, withdrawn: 0,
        inProgress: 1, inProgressOnTime: 0, inProgressOverdue: 1,
        onTimeRate: null, onlineRate: 0, fullOnlineRate: 0, partialOnlineRate: null, progressScore: 0,
      },
      {
        key: 'DAT_DAI', label: 'Đất đai', // C1
        received: 1, receivedOnline: 1, receivedInPerson: 0, receivedPostal: 0, carriedOver: 0,
        resolved: 0, resolvedEarly: 0, resolvedOnTime: 0, resolvedLate: 0, withdrawn: 0,
        inProgress: 1, inProgressOnTime: 1, inProgressOverdue: 0,
        onTimeRate: null, onlineRate: 1, fullOnlineRate: 1, partialOnlineRate: null, progressScore: 1,
      },
      {
        key: 'HO_TICH', label: 'Hộ tịch', // received D5 D7 D8 D9 D13 B2 B3; carried D1 D2 B1
        received: 7, receivedOnline: 3, receivedInPerson: 3, receivedPostal: 1, carriedOver: 3,
        resolved: 7, resolvedEarly: 3, resolvedOnTime: 2, resolvedLate: 2, withdrawn: 0,
        inProgress: 3, inProgressOnTime: 1, inProgressOverdue: 2, // D9 | D2 B1
        onTimeRate: 5 / 7, onlineRate: 3 / 7, fullOnlineRate: 2 / 4, partialOnlineRate: 1 / 3, progressScore: 6 / 10,
      },
    ]);
  });

  test('PROCEDURE: one row per procedure with figures', async () => {
    const rows = await statisticsRows(t, provinceAdmin, { ...province, groupBy: 'PROCEDURE' });
    expect(rows.map((r) => [r.key, r.received, r.carriedOver, r.resolvedEarly, r.resolvedOnTime, r.resolvedLate, r.withdrawn, r.inProgress, r.inProgressOverdue])).toEqual([
      ['1.000894', 1, 0, 0, 0, 1, 0, 0, 0], // B3
      ['1.001193', 1, 0, 0, 1, 0, 0, 0, 0], // D13 (D4 finished before the period)
      ['1.001612', 1, 0, 0, 0, 0, 0, 1, 1], // D10
      ['1.004222', 1, 1, 0, 0, 0, 2, 0, 0], // D3 D11
      ['1.004873', 3, 2, 1, 1, 1, 0, 2, 2], // D5 D7 B2; D2 B1
      ['1.004884', 2, 1, 2, 0, 0, 0, 1, 0], // D8 D9; D1
      ['1.012756', 1, 0, 0, 0, 0, 0, 1, 0], // C1
      ['2.000815', 1, 0, 0, 0, 0, 0, 1, 0], // D12
    ]);
    expect(rows[4]).toEqual({
      key: '1.004873', label: 'Xác nhận tình trạng hôn nhân',
      received: 3, receivedOnline: 2, receivedInPerson: 1, receivedPostal: 0, carriedOver: 2,
      resolved: 3, resolvedEarly: 1, resolvedOnTime: 1, resolvedLate: 1, withdrawn: 0,
      inProgress: 2, inProgressOnTime: 0, inProgressOverdue: 2,
      onTimeRate: 2 / 3, onlineRate: 2 / 3, fullOnlineRate: 2 / 3, partialOnlineRate: null, progressScore: 2 / 5,
    });
  });

  test('CHANNEL: the three channels, adding up to the total', async () => {
    expect(await statisticsRows(t, provinceAdmin, { ...province, groupBy: 'CHANNEL' })).toEqual([
      {
        key: 'IN_PERSON', label: 'Trực tiếp', // received D7 D8 D10 D12 D13; carried D1 D3 B1
        received: 5, receivedOnline: 0, receivedInPerson: 5, receivedPostal: 0, carriedOver: 3,
        resolved: 4, resolvedEarly: 2, resolvedOnTime: 1, resolvedLate: 1, withdrawn: 1,
        inProgress: 3, inProgressOnTime: 1, inProgressOverdue: 2, // D12 | D10 B1
        onTimeRate: 3 / 4, onlineRate: 0, fullOnlineRate: 0, partialOnlineRate: 0, progressScore: 4 / 8,
      },
      {
        key: 'ONLINE', label: 'Trực tuyến', // D5 D9 B2 C1
        received: 4, receivedOnline: 4, receivedInPerson: 0, receivedPostal: 0, carriedOver: 0,
        resolved: 2, resolvedEarly: 1, resolvedOnTime: 1, resolvedLate: 0, withdrawn: 0,
        inProgress: 2, inProgressOnTime: 2, inProgressOverdue: 0,
        onTimeRate: 1, onlineRate: 1, fullOnlineRate: 1, partialOnlineRate: 1, progressScore: 1,
      },
      {
        key: 'POSTAL', label: 'Qua dịch vụ bưu chính', // received D11 B3; carried D2
        received: 2, receivedOnline: 0, receivedInPerson: 0, receivedPostal: 2, carriedOver: 1,
        resolved: 1, resolvedEarly: 0, resolvedOnTime: 0, resolvedLate: 1, withdrawn: 1,
        inProgress: 1, inProgressOnTime: 0, inProgressOverdue: 1,
        onTimeRate: 0, onlineRate: 0, fullOnlineRate: 0, partialOnlineRate: 0, progressScore: 0,
      },
    ]);
  });

  test("MONTH: each month's own part of the period; one month's in progress is the next one's carried over", async () => {
    expect(await statisticsRows(t, provinceAdmin, { unitCode: '51', from: '2026-02-25', to: '2026-03-20', groupBy: 'MONTH' })).toEqual([
      {
        key: '2026-02', label: 'Tháng 02/2026', // 02-25..02-28: B1 open, overdue since 02-27
        received: 0, receivedOnline: 0, receivedInPerson: 0, receivedPostal: 0, carriedOver: 1,
        resolved: 0, resolvedEarly: 0, resolvedOnTime: 0, resolvedLate: 0, withdrawn: 0,
        inProgress: 1, inProgressOnTime: 0, inProgressOverdue: 1,
        onTimeRate: null, onlineRate: null, fullOnlineRate: null, partialOnlineRate: null, progressScore: 0,
      },
      {
        key: '2026-03', label: 'Tháng 03/2026', // 03-01..03-20: received D1-D5 D7-D13 B2 B3 C1
        received: 15, receivedOnline: 4, receivedInPerson: 8, receivedPostal: 3, carriedOver: 1,
        resolved: 8, resolvedEarly: 3, resolvedOnTime: 3, resolvedLate: 2, withdrawn: 2, // + D4 on time
        inProgress: 6, inProgressOnTime: 3, inProgressOverdue: 3,
        onTimeRate: 6 / 8, onlineRate: 4 / 15, fullOnlineRate: 3 / 10, partialOnlineRate: 1 / 4, progressScore: 9 / 16,
      },
    ]);
  });

  test("DAY: each day's own figures, stocks chained from day to day, pauses and due dates as they stood each day", async () => {
    const rows = await statisticsRows(t, statisticianA, { unitCode: A, from: '2026-03-16', to: '2026-03-20', groupBy: 'DAY' });
    const brief = (r: Row) => [r.key, r.label, r.received, r.carriedOver, r.resolvedEarly, r.resolvedOnTime, r.resolvedLate, r.withdrawn, r.inProgress, r.inProgressOverdue];
    expect(rows.map(brief)).toEqual([
      ['2026-03-16', '16/03/2026', 1, 4, 0, 0, 0, 1, 4, 1], // +D10, D3 withdrawn; open D2 D7 D8 D10, overdue D2 (D7 due today)
      ['2026-03-17', '17/03/2026', 1, 4, 0, 0, 0, 0, 5, 2], // +D11; D8 resumed (due 03-23), D10 paused; overdue D2 D7
      ['2026-03-18', '18/03/2026', 1, 5, 0, 0, 1, 0, 5, 1], // +D9, D7 late
      ['2026-03-19', '19/03/2026', 1, 5, 0, 1, 0, 1, 4, 1], // +D13 resolved the same day, D11 withdrawn; D10 due today
      ['2026-03-20', '20/03/2026', 1, 4, 1, 0, 0, 0, 4, 2], // +D12, D8 early; D10 overdue while paused
    ]);
    expect(rows[2]).toMatchObject({ receivedOnline: 1, onTimeRate: 0, onlineRate: 1, fullOnlineRate: null, partialOnlineRate: 1, progressScore: 4 / 6 });
    expect(rows[4]).toMatchObject({ receivedInPerson: 1, inProgressOnTime: 2, onTimeRate: 1, onlineRate: 0, fullOnlineRate: null, partialOnlineRate: null, progressScore: 3 / 5 });
  });

  test('a period ending today agrees with the overdue dossier list; a resume moves later periods only', async () => {
    // End of 03-25: D2 (due 03-09), D12 (03-23) and D14 (03-23) are overdue; D10 resumed on 03-24, due 03-26.
    const [today] = await statisticsRows(t, statisticianA, { unitCode: A, from: '2026-03-21', to: '2026-03-25' });
    expect(today).toMatchObject({ carriedOver: 4, received: 1, inProgress: 5, inProgressOverdue: 3, inProgressOnTime: 2 });
    const { dossiers } = dataOf(await t.gql(OVERDUE, { unitCode: A }, { token: statisticianA }));
    expect(dossiers.totalCount).toBe(3);
    // The period that ended on 03-20 still counts D10 overdue: its due date then was 03-19.
    const [before] = await statisticsRows(t, statisticianA, { unitCode: A, from: '2026-03-20', to: '2026-03-20' });
    expect(before).toMatchObject({ inProgress: 4, inProgressOverdue: 2 });
  });

  test('sub-periods add up: flows of the days equal the period, stocks chain', async () => {
    const days = await statisticsRows(t, provinceAdmin, { ...province, groupBy: 'DAY' });
    const [total] = await statisticsRows(t, provinceAdmin, province);
    expect(days).toHaveLength(12);
    for (const field of ['received', 'receivedOnline', 'resolvedEarly', 'resolvedOnTime', 'resolvedLate', 'withdrawn']) {
      expect(days.reduce((sum, r) => sum + (r[field] as number), 0)).toBe(total![field]);
    }
    expect(days[0]!.carriedOver).toBe(total!.carriedOver);
    expect(days.at(-1)).toMatchObject({ inProgress: total!.inProgress, inProgressOverdue: total!.inProgressOverdue });
    days.slice(1).forEach((row, i) => expect(row.carriedOver).toBe(days[i]!.inProgress));
  });

  test('labels follow Accept-Language for channels and dates', async () => {
    const result = await t.gql(
      `{ a: statistics(unitCode: "21211", from: "2026-03-01", to: "2026-04-02", groupBy: MONTH) { key label }
         b: statistics(unitCode: "21211", from: "2026-03-09", to: "2026-03-09", groupBy: CHANNEL) { key label } }`,
      {}, { token: statisticianA, headers: { 'accept-language': 'en' } },
    );
    expect(dataOf(result)).toEqual({
      a: [{ key: '2026-03', label: 'March 2026' }, { key: '2026-04', label: 'April 2026' }],
      b: [{ key: 'IN_PERSON', label: 'In person' }, { key: 'ONLINE', label: 'Online' }, { key: 'POSTAL', label: 'Postal' }],
    });
  });

  test('who may read: statisticians, leaders, province and system administrators within their scope', async () => {
    const args = { unitCode: A, from: '2026-03-09', to: '2026-03-20' };
    for (const [role, unit] of [[Role.STATISTICIAN, A], [Role.LEADER, A], [Role.PROVINCE_ADMIN, '51'], [Role.STATISTICIAN, '51'], [Role.SYSTEM_ADMIN, null]] as const) {
      expect((await statisticsRows(t, await t.token(role, unit), args))[0]).toMatchObject({ received: 8 });
    }
    expect((await statisticsErrorOf(t, undefined, args)).extensions!.code).toBe('UNAUTHENTICATED');
    for (const [role, unit] of [[Role.OFFICER, A], [Role.INTEGRATOR, '51'], [Role.CITIZEN, null]] as const) {
      const token = await t.token(role, unit, role === Role.CITIZEN ? applicant.citizenId : undefined);
      expect((await statisticsErrorOf(t, token, args)).extensions!.code).toBe('FORBIDDEN');
    }
    // Outside the scope: a commune's statistician asking for its province or another commune; another province.
    for (const [token, unitCode] of [[statisticianA, '51'], [statisticianA, B], [provinceAdmin, '79'], [provinceAdmin, '26740']]) {
      const error = await statisticsErrorOf(t, token, { ...args, unitCode });
      expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', field: ['unitCode'] });
    }
  });

  test('bad input: reversed or over-long periods, unknown units, malformed dates and groupings', async () => {
    const reversed = await statisticsErrorOf(t, provinceAdmin, { unitCode: '51', from: '2026-03-20', to: '2026-03-19' });
    expect(reversed.extensions).toMatchObject({ code: 'INVALID_PERIOD', reason: 'PERIOD_END_BEFORE_START', field: ['to'] });
    const long = await statisticsErrorOf(t, provinceAdmin, { unitCode: '51', from: '2021-03-01', to: '2026-03-01' }, { 'accept-language': 'en' });
    expect(long.extensions).toMatchObject({ code: 'INVALID_PERIOD', reason: 'PERIOD_TOO_LONG', field: ['to'] });
    expect(long.message).toBe('A statistics period covers at most 5 years.');
    // Exactly five years is allowed.
    expect(await statisticsRows(t, provinceAdmin, { unitCode: '51', from: '2021-03-02', to: '2026-03-01' })).toHaveLength(1);
    const unknown = await statisticsErrorOf(t, provinceAdmin, { unitCode: '99999', from: '2026-03-01', to: '2026-03-02' });
    expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND', field: ['unitCode'] });
    expect((await statisticsErrorOf(t, provinceAdmin, { unitCode: '51', from: '2026-02-30', to: '2026-03-02' })).extensions!.code).toBe('BAD_USER_INPUT');
    // An explicit null grouping is the default, NONE.
    expect(await statisticsRows(t, provinceAdmin, { unitCode: '51', from: '2026-03-09', to: '2026-03-20', groupBy: null as never })).toMatchObject([{ key: 'ALL', received: 11 }]);
    const grouping = await t.gql(`{ statistics(unitCode: "51", from: "2026-03-01", to: "2026-03-02", groupBy: WEEK) { key } }`, {}, { token: provinceAdmin });
    expect(grouping.status).toBeLessThan(500);
    expect(grouping.body.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  test('a plain aggregate SQL over the dossier table (the benchmark baseline) gives the same figures', async () => {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      const ids = (await client.query(`select id from administrative_unit where code = '51' or parent_id = (select id from administrative_unit where code = '51')`)).rows.map((r) => Number(r.id));
      for (const [groupBy, from] of [['UNIT', '2026-03-09'], ['MONTH', '2026-02-25']] as const) {
        const direct = await directStatistics(client, groupBy, ids, from, '2026-03-20');
        const api = (await statisticsRows(t, provinceAdmin, { unitCode: '51', from, to: '2026-03-20', groupBy })).map(({ label: _label, ...row }) => row);
        expect(api.filter((row) => row.received !== 0 || row.carriedOver !== 0)).toEqual(direct);
      }
    } finally {
      await client.end();
    }
  });

  test('the aggregates maintained change by change equal a rebuild from the dossier tables', async () => {
    const before = await statisticsRows(t, provinceAdmin, { ...province, groupBy: 'PROCEDURE' });
    const { incremental, rebuilt } = await snapshotsAroundRebuild(t);
    expect(rebuilt.length).toBeGreaterThan(0);
    expect(rebuilt).toEqual(incremental);
    expect(await statisticsRows(t, provinceAdmin, { ...province, groupBy: 'PROCEDURE' })).toEqual(before);
  });
});
