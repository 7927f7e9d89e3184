import { checkCatalogRow, duplicateCodeFailures } from '../../../src/domain/catalog-import/catalog-row.js';
import {
  documentsOfText,
  feeVndOf,
  fieldCodeOfName,
  mandatoryOf,
  onlineLevelOf,
  procedureCodeOf,
  procedureLevelOf,
} from '../../../src/domain/catalog-import/catalog-values.js';
import { bareUnitOfTitle, parseProcessingTimeText } from '../../../src/domain/catalog-import/processing-time-text.js';
import { OnlineLevel, ProcedureLevel } from '../../../src/domain/procedure/procedure-enums.js';
import { describeProcessingTime, ProcessingTimeUnit as U } from '../../../src/domain/procedure/processing-time.js';

describe('processing times as published', () => {
  test.each([
    ['03 ngày làm việc', 3, U.WORKING_DAYS],
    ['Trong 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ', 5, U.WORKING_DAYS],
    ['Không quá 10 ngày làm việc; trường hợp cần xác minh thì không quá 15 ngày làm việc', 10, U.WORKING_DAYS],
    ['17 ngày làm việc (không kể thời gian xác minh)', 17, U.WORKING_DAYS],
    ['15 NGAY LAM VIEC', 15, U.WORKING_DAYS],
    ['Trong ngày', 0, U.SAME_DAY],
    ['Ngay trong ngày làm việc; trường hợp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo', 0, U.SAME_DAY],
    ['trong ngày làm việc', 0, U.SAME_DAY],
    ['04 giờ làm việc', 4, U.WORKING_HOURS],
    ['Trong 8 giờ làm việc.', 8, U.WORKING_HOURS],
    ['Nửa ngày làm việc', 1, U.HALF_WORKING_DAYS],
    ['1/2 ngày làm việc', 1, U.HALF_WORKING_DAYS],
    ['1,5 ngày làm việc', 3, U.HALF_WORKING_DAYS],
    ['0,5 ngày làm việc', 1, U.HALF_WORKING_DAYS],
    ['2.5 ngày làm việc', 5, U.HALF_WORKING_DAYS],
    ['01 buổi làm việc', 1, U.HALF_WORKING_DAYS],
    ['30 ngày', 30, U.CALENDAR_DAYS],
    ['Trong thời hạn 20 ngày kể từ ngày nhận hồ sơ', 20, U.CALENDAR_DAYS],
    ['7', 7, U.WORKING_DAYS],
  ])('%s', (text, value, unit) => {
    expect(parseProcessingTimeText(text)).toEqual({ ok: true, time: { value, unit } });
  });

  test('a number cell is working days, or the unit the column title names', () => {
    expect(parseProcessingTimeText(3)).toEqual({ ok: true, time: { value: 3, unit: U.WORKING_DAYS } });
    expect(parseProcessingTimeText(30, bareUnitOfTitle('Thời hạn giải quyết (ngày)'))).toEqual({ ok: true, time: { value: 30, unit: U.CALENDAR_DAYS } });
    expect(bareUnitOfTitle('Thời hạn giải quyết (ngày làm việc)')).toBe(U.WORKING_DAYS);
    expect(bareUnitOfTitle('Thời hạn giải quyết')).toBe(U.WORKING_DAYS);
  });

  test.each([
    ['0 ngày làm việc', 'PROCESSING_TIME_OUT_OF_RANGE'],
    ['-3', 'PROCESSING_TIME_OUT_OF_RANGE'],
    ['400 ngày', 'PROCESSING_TIME_OUT_OF_RANGE'],
    ['400 ngày làm việc', 'PROCESSING_TIME_OUT_OF_RANGE'],
    ['1,3 ngày làm việc', 'PROCESSING_TIME_OUT_OF_RANGE'],
    ['2,5 giờ làm việc', 'PROCESSING_TIME_OUT_OF_RANGE'],
    ['3 tháng', 'PROCESSING_TIME_UNIT_UNKNOWN'],
    ['2 tuần', 'PROCESSING_TIME_UNIT_UNKNOWN'],
    ['24 giờ', 'PROCESSING_TIME_UNIT_UNKNOWN'],
    ['Theo quy định', 'PROCESSING_TIME_UNPARSEABLE'],
    ['ba ngày làm việc', 'PROCESSING_TIME_UNPARSEABLE'],
    ['', 'PROCESSING_TIME_UNPARSEABLE'],
  ])('%s is refused: %s', (text, problem) => {
    expect(parseProcessingTimeText(text)).toEqual({ ok: false, problem });
  });

  test('reads back what describeProcessingTime writes', () => {
    for (const time of [
      { value: 0, unit: U.SAME_DAY }, { value: 3, unit: U.WORKING_DAYS }, { value: 1, unit: U.HALF_WORKING_DAYS },
      { value: 3, unit: U.HALF_WORKING_DAYS }, { value: 4, unit: U.WORKING_HOURS }, { value: 30, unit: U.CALENDAR_DAYS },
    ]) {
      expect(parseProcessingTimeText(describeProcessingTime(time))).toEqual({ ok: true, time });
    }
  });
});

describe('catalogue values', () => {
  test('fees in VND', () => {
    expect(feeVndOf('8.000 đồng/bản')).toBe(8000);
    expect(feeVndOf('50.000đ')).toBe(50000);
    expect(feeVndOf('1.000.000 VNĐ')).toBe(1_000_000);
    expect(feeVndOf('100,000 đồng')).toBe(100000);
    expect(feeVndOf('8000')).toBe(8000);
    expect(feeVndOf(8000)).toBe(8000);
    expect(feeVndOf('Lệ phí: Miễn; phí cấp bản sao: 8.000 đồng/bản')).toBe(8000);
    for (const free of ['Miễn phí', 'Không', 'Không thu', 'Miễn lệ phí', '', '0']) expect(feeVndOf(free)).toBe(0);
    for (const bad of ['-5000', '-5.000 đồng', 'theo quy định', '8,5 đồng', '2.000.000.000 đồng']) expect(feeVndOf(bad)).toBeNull();
    expect(feeVndOf(-1)).toBeNull();
    expect(feeVndOf(12.5)).toBeNull();
  });

  test('levels', () => {
    expect(procedureLevelOf('Cấp Tỉnh')).toBe(ProcedureLevel.PROVINCE);
    expect(procedureLevelOf('cap xa')).toBe(ProcedureLevel.COMMUNE);
    expect(procedureLevelOf('UBND cấp xã')).toBe(ProcedureLevel.COMMUNE);
    expect(procedureLevelOf('Cấp xã, phường, đặc khu')).toBe(ProcedureLevel.COMMUNE);
    expect(procedureLevelOf('Cấp Tỉnh, Cấp Xã')).toBe(ProcedureLevel.COMMUNE);
    for (const bad of ['Cấp Huyện', 'Cấp Bộ', 'Trung ương', '']) expect(procedureLevelOf(bad)).toBeNull();
  });

  test('online levels', () => {
    expect(onlineLevelOf('Toàn trình')).toBe(OnlineLevel.FULL);
    expect(onlineLevelOf('DVC trực tuyến toàn trình')).toBe(OnlineLevel.FULL);
    expect(onlineLevelOf('Mức độ 4')).toBe(OnlineLevel.FULL);
    expect(onlineLevelOf('Một phần')).toBe(OnlineLevel.PARTIAL);
    expect(onlineLevelOf(3)).toBe(OnlineLevel.PARTIAL);
    for (const none of ['', 'Không', 'Mức độ 2', 'Cung cấp thông tin trực tuyến']) expect(onlineLevelOf(none)).toBe(OnlineLevel.NONE);
    expect(onlineLevelOf('Bán phần')).toBeNull();
  });

  test('codes and field codes', () => {
    expect(procedureCodeOf(' 1.001193 ')).toBe('1.001193');
    expect(procedureCodeOf('1.001193.000.00.00.H12')).toBe('1.001193');
    for (const bad of ['1001193', '1.00119', 'TTHC-01', '']) expect(procedureCodeOf(bad)).toBeNull();
    expect(fieldCodeOfName('Hộ tịch')).toBe('HO_TICH');
    expect(fieldCodeOfName('Đăng ký kinh doanh')).toBe('DANG_KY_KINH_DOANH');
    expect(fieldCodeOfName('Đất đai')).toBe('DAT_DAI');
    expect(fieldCodeOfName('???')).toBeNull();
  });

  test('documents from a cell, and yes/no', () => {
    expect(documentsOfText('- Tờ khai đăng ký khai sinh (01 bản chính);\n- Giấy chứng sinh (01 bản chính và 01 bản sao)\n+ Văn bản ủy quyền (nếu có)')).toEqual([
      { name: 'Tờ khai đăng ký khai sinh', copies: 1, mandatory: true },
      { name: 'Giấy chứng sinh', copies: 2, mandatory: true },
      { name: 'Văn bản ủy quyền', copies: 1, mandatory: false },
    ]);
    expect(documentsOfText('1. Bản sao Giấy chứng nhận (bản có chứng thực) (02 bản)')).toEqual([
      { name: 'Bản sao Giấy chứng nhận (bản có chứng thực)', copies: 2, mandatory: true },
    ]);
    expect(mandatoryOf('Có')).toBe(true);
    expect(mandatoryOf(0)).toBe(false);
    expect(mandatoryOf(undefined)).toBe(true);
    expect(mandatoryOf('có lẽ')).toBeNull();
  });
});

describe('a row', () => {
  const cells = {
    code: { label: 'Mã TTHC', value: '2.000635' },
    name: { label: 'Tên thủ tục', value: 'Cấp bản sao trích lục hộ tịch' },
    field: { label: 'Lĩnh vực', value: 'Hộ tịch' },
    level: { label: 'Cấp thực hiện', value: 'Cấp Xã' },
    time: { label: 'Thời hạn giải quyết', value: 'Trong ngày' },
    fee: { label: 'Phí, lệ phí', value: '8.000 đồng/bản' },
  };

  test('reads into a record; absent optional columns stay undefined', () => {
    const { record, failures } = checkCatalogRow({ row: 7, cells });
    expect(failures).toEqual([]);
    expect(record).toEqual({
      row: 7, code: '2.000635', name: 'Cấp bản sao trích lục hộ tịch', fieldName: 'Hộ tịch', level: ProcedureLevel.COMMUNE,
      time: { value: 0, unit: U.SAME_DAY }, feeVnd: 8000, onlineLevel: undefined, documents: undefined,
    });
  });

  test('reports every problem with its column, and inherits field and level from headings', () => {
    const { record, failures } = checkCatalogRow({
      row: 9,
      cells: { ...cells, code: { label: 'Mã TTHC', value: '2-000635' }, field: { label: 'Lĩnh vực', value: null }, time: { label: 'Thời hạn', value: '3 tháng' }, fee: { label: 'Phí', value: 'tùy' } },
      inherited: { field: 'Hộ tịch' },
    });
    expect(record).toBeNull();
    expect(failures.map((f) => [f.column, f.code])).toEqual([
      ['Mã TTHC', 'INVALID_PROCEDURE_CODE'],
      ['Thời hạn', 'PROCESSING_TIME_UNIT_UNKNOWN'],
      ['Phí', 'FEE_UNPARSEABLE'],
    ]);
  });

  test('a code seen again is reported at its second row', () => {
    expect(duplicateCodeFailures([{ row: 3, code: '1.001193' }, { row: 4, code: '1.000894' }, { row: 8, code: '1.001193' }])).toEqual([
      { row: 8, procedureCode: '1.001193', column: null, code: 'DUPLICATE_IN_FILE', params: { code: '1.001193', firstRow: 3 } },
    ]);
  });
});
