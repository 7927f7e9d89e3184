import { compareDayCounts } from '../../../src/connectors/reconciliation/reconciliation-diff.js';

const remote = (unitCode: string, date: string, codes: string[], count = codes.length) => ({ unitCode, date, count, codes });
const local = (unitCode: string, date: string, codes: string[]) => ({ unitCode, date, codes });

describe('compareDayCounts', () => {
  test('equal sets on both sides: MATCHED, every unit and day a row without difference', () => {
    const result = compareDayCounts(
      [local('21025', '2026-03-02', ['A', 'B']), local('21028', '2026-03-02', ['C'])],
      [remote('21028', '2026-03-02', ['C']), remote('21025', '2026-03-02', ['B', 'A'])],
    );
    expect(result).toEqual({
      status: 'MATCHED',
      localTotal: 3,
      remoteTotal: 3,
      missingRemotely: [],
      rows: [
        { unitCode: '21025', date: '2026-03-02', localCount: 2, remoteCount: 2, difference: 0, missingRemotely: [], unknownLocally: [] },
        { unitCode: '21028', date: '2026-03-02', localCount: 1, remoteCount: 1, difference: 0, missingRemotely: [], unknownLocally: [] },
      ],
    });
  });

  test('codes missing remotely and unknown locally, days only one side has', () => {
    const result = compareDayCounts(
      [local('21025', '2026-03-02', ['A', 'B', 'C']), local('21025', '2026-03-03', ['D'])],
      [remote('21025', '2026-03-02', ['A', 'X']), remote('21025', '2026-03-04', ['E'])],
    );
    expect(result.status).toBe('MISMATCHED');
    expect(result.missingRemotely).toEqual(['B', 'C', 'D']);
    expect(result.rows).toEqual([
      { unitCode: '21025', date: '2026-03-02', localCount: 3, remoteCount: 2, difference: 1, missingRemotely: ['B', 'C'], unknownLocally: ['X'] },
      { unitCode: '21025', date: '2026-03-03', localCount: 1, remoteCount: 0, difference: 1, missingRemotely: ['D'], unknownLocally: [] },
      { unitCode: '21025', date: '2026-03-04', localCount: 0, remoteCount: 1, difference: -1, missingRemotely: [], unknownLocally: ['E'] },
    ]);
    expect([result.localTotal, result.remoteTotal]).toEqual([4, 3]);
  });

  test('equal counts that hide a swap are a mismatch', () => {
    const result = compareDayCounts([local('21025', '2026-03-02', ['A'])], [remote('21025', '2026-03-02', ['B'])]);
    expect(result.status).toBe('MISMATCHED');
    expect(result.rows[0]).toMatchObject({ difference: 0, missingRemotely: ['A'], unknownLocally: ['B'] });
  });

  test('a dossier listed twice counts once, on either side', () => {
    const result = compareDayCounts(
      [local('21025', '2026-03-02', ['A', 'A'])],
      [remote('21025', '2026-03-02', ['A']), remote('21025', '2026-03-02', ['A'])],
    );
    expect(result).toMatchObject({ status: 'MATCHED', localTotal: 1, remoteTotal: 1 });
  });

  test('a remote that gives bare counts is compared on the count, naming no dossier', () => {
    const result = compareDayCounts([local('21025', '2026-03-02', ['A', 'B'])], [remote('21025', '2026-03-02', [], 1)]);
    expect(result.rows[0]).toEqual({
      unitCode: '21025', date: '2026-03-02', localCount: 2, remoteCount: 1, difference: 1, missingRemotely: [], unknownLocally: [],
    });
    expect(result.status).toBe('MISMATCHED');
    expect(result.missingRemotely).toEqual([]);
  });
});
