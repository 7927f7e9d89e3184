import ExcelJS from 'exceljs';

/**
 * The sample catalogue files of docs/samples (written by generate-catalog-samples.ts) and the
 * spreadsheet writer the benchmark and tests share, so that every xlsx the code is tried on is laid
 * out like a province's real list: title rows, a header, merged group rows.
 */
export type SheetLine = { heading: string } | (string | number | null)[];

export const XLSX_HEADER = [
  'STT', 'Mã TTHC', 'Tên thủ tục hành chính', 'Lĩnh vực', 'Cấp thực hiện', 'Thời hạn giải quyết',
  'Phí, lệ phí', 'Mức độ DVCTT', 'Thành phần hồ sơ',
];

export const SAMPLE_DECISION = 'Quyết định số 1234/QĐ-UBND ngày 01/08/2025 (mẫu minh họa)';

/** A sheet: title rows merged across the table, the header, then lines (group headings merged too). */
export async function writeCatalogXlsx(titles: readonly string[], header: readonly string[], lines: readonly SheetLine[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  // Fixed document dates: regenerating the samples changes them only where their content changes.
  workbook.created = workbook.modified = new Date('2025-08-01T00:00:00Z');
  workbook.creator = 'motcua';
  const sheet = workbook.addWorksheet('Danh mục TTHC');
  const merged = (text: string) => {
    const row = sheet.addRow([text]);
    sheet.mergeCells(row.number, 1, row.number, header.length);
    row.font = { bold: true };
  };
  titles.forEach(merged);
  sheet.addRow([]);
  sheet.addRow([...header]).font = { bold: true };
  for (const line of lines) {
    if (Array.isArray(line)) sheet.addRow(line);
    else merged((line as { heading: string }).heading);
  }
  sheet.columns.forEach((column, i) => (column.width = [6, 12, 50, 18, 14, 24, 20, 14, 60][i] ?? 16));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const doc = (TenGiayTo: string, SoBanChinh = 1, SoBanSao = 0, BatBuoc = true) => ({ TenGiayTo, SoBanChinh, SoBanSao, BatBuoc });
const HO_TICH = { MaLinhVuc: 'G09-TP07', TenLinhVuc: 'Hộ tịch' };
const CHUNG_THUC = { MaLinhVuc: 'G09-TP03', TenLinhVuc: 'Chứng thực' };

/** The national export sample: real procedures (codes and statutory times as the national database publishes them). */
export const NATIONAL_SAMPLE: Record<string, unknown>[] = [
  { MaTTHC: '1.001193', TenTTHC: 'Đăng ký khai sinh', LinhVuc: HO_TICH, CapThucHien: ['Cấp Xã'], ThoiHanGiaiQuyet: 'Trong ngày',
    PhiLePhi: 'Miễn lệ phí', MucDo: 'Toàn trình', ThanhPhanHoSo: [doc('Tờ khai đăng ký khai sinh'), doc('Giấy chứng sinh hoặc giấy tờ thay thế giấy chứng sinh')] },
  { MaTTHC: '1.000894', TenTTHC: 'Đăng ký kết hôn', LinhVuc: HO_TICH, CapThucHien: ['Cấp Xã'], ThoiHanGiaiQuyet: 'Trong ngày',
    PhiLePhi: 'Miễn lệ phí', MucDo: 'Một phần', ThanhPhanHoSo: [doc('Tờ khai đăng ký kết hôn'), doc('Giấy xác nhận tình trạng hôn nhân', 1, 0, false)] },
  { MaTTHC: '1.000656', TenTTHC: 'Đăng ký khai tử', LinhVuc: HO_TICH, CapThucHien: ['Cấp Xã'], ThoiHanGiaiQuyet: 'Trong ngày',
    PhiLePhi: 'Miễn lệ phí', MucDo: 'Toàn trình', ThanhPhanHoSo: [doc('Tờ khai đăng ký khai tử'), doc('Giấy báo tử hoặc giấy tờ thay thế giấy báo tử')] },
  { MaTTHC: '1.004873', TenTTHC: 'Xác nhận tình trạng hôn nhân', LinhVuc: HO_TICH, CapThucHien: ['Cấp Xã'], ThoiHanGiaiQuyet: '03 ngày làm việc',
    PhiLePhi: 'Miễn lệ phí', MucDo: 'Toàn trình', ThanhPhanHoSo: [doc('Tờ khai cấp Giấy xác nhận tình trạng hôn nhân')] },
  { MaTTHC: '2.000635', TenTTHC: 'Cấp bản sao trích lục hộ tịch', LinhVuc: HO_TICH, CapThucHien: ['Cấp Xã'], ThoiHanGiaiQuyet: 'Trong ngày',
    PhiLePhi: '8.000 đồng/bản', MucDo: 'Toàn trình', ThanhPhanHoSo: [doc('Tờ khai cấp bản sao trích lục hộ tịch')] },
  { MaTTHC: '1.004884', TenTTHC: 'Đăng ký lại khai sinh', LinhVuc: HO_TICH, CapThucHien: ['Cấp Xã'], ThoiHanGiaiQuyet: '05 ngày làm việc',
    PhiLePhi: 'Miễn lệ phí', MucDo: 'Một phần', ThanhPhanHoSo: [doc('Tờ khai đăng ký lại khai sinh'), doc('Bản sao giấy tờ chứng minh nội dung khai sinh', 0, 1)] },
  { MaTTHC: '1.004746', TenTTHC: 'Đăng ký lại kết hôn', LinhVuc: HO_TICH, CapThucHien: ['Cấp Xã'], ThoiHanGiaiQuyet: '05 ngày làm việc',
    PhiLePhi: 'Miễn lệ phí', MucDo: 'Một phần', ThanhPhanHoSo: [doc('Tờ khai đăng ký lại kết hôn'), doc('Bản sao Giấy chứng nhận kết hôn', 0, 1, false)] },
  { MaTTHC: '2.000815', TenTTHC: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp hoặc chứng nhận',
    LinhVuc: CHUNG_THUC, CapThucHien: ['Cấp Xã'],
    ThoiHanGiaiQuyet: 'Trong ngày; trường hợp nhận yêu cầu sau 15 giờ thì hoàn thành trong ngày làm việc tiếp theo',
    PhiLePhi: '2.000 đồng/trang', MucDo: null, ThanhPhanHoSo: [doc('Bản chính giấy tờ, văn bản'), doc('Bản sao cần chứng thực', 0, 1)] },
  { MaTTHC: '2.000884', TenTTHC: 'Chứng thực chữ ký trong các giấy tờ, văn bản', LinhVuc: CHUNG_THUC, CapThucHien: ['Cấp Xã'],
    ThoiHanGiaiQuyet: 'Trong ngày', PhiLePhi: '10.000 đồng/trường hợp', ThanhPhanHoSo: [doc('Giấy tờ, văn bản cần chứng thực chữ ký')] },
  { MaTTHC: '1.001612', TenTTHC: 'Đăng ký thành lập hộ kinh doanh', LinhVuc: { MaLinhVuc: 'G10-KH02', TenLinhVuc: 'Đăng ký kinh doanh' },
    CapThucHien: ['Cấp Xã'], ThoiHanGiaiQuyet: '03 ngày làm việc', PhiLePhi: '100.000 đồng/lần', MucDo: 'Toàn trình',
    ThanhPhanHoSo: [doc('Giấy đề nghị đăng ký hộ kinh doanh'), doc('Bản sao biên bản họp thành viên hộ gia đình', 0, 1, false)] },
  { MaTTHC: '1.004222', TenTTHC: 'Đăng ký thường trú', LinhVuc: { MaLinhVuc: 'G14-CA01', TenLinhVuc: 'Cư trú' }, CapThucHien: ['Cấp Xã'],
    ThoiHanGiaiQuyet: '07 ngày làm việc', PhiLePhi: '20.000 đồng/lần', MucDo: 'Toàn trình',
    ThanhPhanHoSo: [doc('Tờ khai thay đổi thông tin cư trú'), doc('Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp', 0, 1)] },
  { MaTTHC: '1.012756', TenTTHC: 'Đăng ký đất đai, tài sản gắn liền với đất lần đầu', LinhVuc: { MaLinhVuc: 'G12-TN01', TenLinhVuc: 'Đất đai' },
    CapThucHien: ['Cấp Tỉnh'], ThoiHanGiaiQuyet: '17 ngày làm việc', MucDo: 'Toàn trình',
    ThanhPhanHoSo: [doc('Đơn đăng ký đất đai, tài sản gắn liền với đất'), doc('Giấy tờ về quyền sử dụng đất', 0, 1, false)] },
  { MaTTHC: '1.013225', TenTTHC: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ', LinhVuc: { MaLinhVuc: 'G13-XD01', TenLinhVuc: 'Xây dựng' },
    CapThucHien: ['Cấp Xã'], ThoiHanGiaiQuyet: '15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ', PhiLePhi: '75.000 đồng/giấy phép', MucDo: 'Một phần',
    ThanhPhanHoSo: [doc('Đơn đề nghị cấp giấy phép xây dựng'), doc('Bản sao giấy tờ về quyền sử dụng đất', 0, 1), doc('Bản vẽ thiết kế xây dựng', 2)] },
];

/** The national sample with deliberate mistakes, one a record (index in the comment = the reported row). */
export const NATIONAL_BAD_SAMPLE: unknown[] = [
  NATIONAL_SAMPLE[0], // 0: good
  { ...NATIONAL_SAMPLE[1], MaTTHC: '1000894' }, // 1: bad code
  { ...NATIONAL_SAMPLE[2], ThoiHanGiaiQuyet: '0 ngày làm việc' }, // 2: impossible time
  { ...NATIONAL_SAMPLE[3], ThoiHanGiaiQuyet: '-3' }, // 3: negative time
  { ...NATIONAL_SAMPLE[4], ThoiHanGiaiQuyet: '400 ngày' }, // 4: over a year
  { ...NATIONAL_SAMPLE[5], ThoiHanGiaiQuyet: 'Theo quy định' }, // 5: unparseable time
  { ...NATIONAL_SAMPLE[6], ThoiHanGiaiQuyet: '3 tháng' }, // 6: unknown unit
  { ...NATIONAL_SAMPLE[7], CapThucHien: ['Cấp Huyện'] }, // 7: unknown level (district level abolished)
  { ...NATIONAL_SAMPLE[8], PhiLePhi: '-5.000 đồng' }, // 8: bad fee
  { ...NATIONAL_SAMPLE[0], TenTTHC: 'Đăng ký khai sinh (bản trùng)' }, // 9: duplicate of row 0
  'Đăng ký thường trú', // 10: not a record
  { ...NATIONAL_SAMPLE[10], MucDo: 'Bán phần' }, // 11: unknown online level
  { ...NATIONAL_SAMPLE[11], TenTTHC: '' }, // 12: missing name
  NATIONAL_SAMPLE[9], // 13: good
];

const province = (record: Record<string, unknown>, time: string, field = true): (string | number | null)[] => [
  null,
  record.MaTTHC as string,
  record.TenTTHC as string,
  field ? ((record.LinhVuc as { TenLinhVuc: string }).TenLinhVuc) : null,
  field ? (record.CapThucHien as string[]).join(', ') : null,
  time,
  (record.PhiLePhi as string | undefined) ?? 'Không',
  (record.MucDo as string | null | undefined) ?? '',
  ((record.ThanhPhanHoSo as { TenGiayTo: string; SoBanChinh: number; SoBanSao: number; BatBuoc: boolean }[]) ?? [])
    .map((d) => `- ${d.TenGiayTo} (${String(d.SoBanChinh + d.SoBanSao).padStart(2, '0')} bản)${d.BatBuoc ? '' : ' (nếu có)'}`)
    .join('\n'),
];
const byCode = (code: string) => NATIONAL_SAMPLE.find((r) => r.MaTTHC === code)!;

export const PROVINCE_TITLES = [
  'ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG',
  'DANH MỤC THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA CẤP TỈNH, CẤP XÃ',
  `(Kèm theo ${SAMPLE_DECISION} của Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng)`,
];

/**
 * A province's list: its own, shorter times for five procedures (half days, hours), the national
 * time for the others; group rows give the level and, for the civil-status rows, the field.
 */
export function provinceSampleLines(): SheetLine[] {
  const lines: SheetLine[] = [
    { heading: 'A. THỦ TỤC HÀNH CHÍNH CẤP TỈNH' },
    { heading: 'I. LĨNH VỰC ĐẤT ĐAI' },
    province(byCode('1.012756'), '10 ngày làm việc'),
    { heading: 'B. THỦ TỤC HÀNH CHÍNH CẤP XÃ' },
    { heading: 'I. LĨNH VỰC HỘ TỊCH' },
    province(byCode('1.001193'), 'Trong ngày', false),
    province(byCode('1.000894'), 'Trong ngày', false),
    province(byCode('1.000656'), 'Trong ngày', false),
    province(byCode('1.004873'), '1,5 ngày làm việc', false),
    province(byCode('2.000635'), 'Trong ngày', false),
    province(byCode('1.004884'), '2,5 ngày làm việc', false),
    province(byCode('1.004746'), '05 ngày làm việc', false),
    { heading: 'II. LĨNH VỰC CHỨNG THỰC' },
    province(byCode('2.000815'), 'Trong ngày', false),
    province(byCode('2.000884'), 'Trong ngày', false),
    { heading: 'III. LĨNH VỰC ĐĂNG KÝ KINH DOANH' },
    province(byCode('1.001612'), '04 giờ làm việc'),
    { heading: 'IV. LĨNH VỰC CƯ TRÚ' },
    province(byCode('1.004222'), '05 ngày làm việc'),
    { heading: 'V. LĨNH VỰC XÂY DỰNG' },
    province(byCode('1.013225'), '12 ngày'),
    ['Tổng số: 13 thủ tục hành chính'],
  ];
  let n = 0;
  return lines.map((line) => (Array.isArray(line) && line[1] ? [++n, ...line.slice(1)] : line));
}

/** The province list with deliberate mistakes: the comment gives each one's spreadsheet row. */
export function provinceBadSampleLines(): SheetLine[] {
  const row = (code: string, time: string) => province(byCode(code), time);
  return [
    { heading: 'B. THỦ TỤC HÀNH CHÍNH CẤP XÃ' }, // row 6
    { heading: 'I. LĨNH VỰC HỘ TỊCH' }, // 7
    row('1.001193', 'Trong ngày'), // 8: good
    [2, '1.00O894', 'Đăng ký kết hôn', 'Hộ tịch', 'Cấp Xã', 'Trong ngày', 'Miễn lệ phí', 'Một phần', ''], // 9: bad code (letter O)
    row('1.000656', '0 ngày làm việc'), // 10: impossible time
    row('1.004873', '-3'), // 11: negative
    row('2.000635', '400 ngày'), // 12: over a year
    row('1.004884', 'Tùy trường hợp'), // 13: unparseable
    row('1.004746', '2 tuần'), // 14: unknown unit
    [8, '2.000815', 'Chứng thực bản sao từ bản chính', 'Chứng thực', 'Cấp Huyện', 'Trong ngày', '2.000 đồng/trang', '', ''], // 15: unknown level
    [9, '2.000884', 'Chứng thực chữ ký', 'Chứng thực', 'Cấp Xã', 'Trong ngày', 'mười nghìn đồng', '', ''], // 16: bad fee
    row('1.001193', '01 ngày làm việc'), // 17: duplicate of row 8
    [11, '1.001612', 'Đăng ký thành lập hộ kinh doanh', 'Đăng ký kinh doanh', 'Cấp Xã', '03 ngày làm việc', '100.000 đồng', 'Mức độ 5', ''], // 18: unknown online level
    [12, '', 'Thủ tục không có mã', 'Hộ tịch', 'Cấp Xã', 'Trong ngày', '', '', ''], // 19: missing code
    row('1.004222', '05 ngày làm việc'), // 20: good
  ];
}

export async function provinceSampleXlsx(): Promise<Buffer> {
  return writeCatalogXlsx(PROVINCE_TITLES, XLSX_HEADER, provinceSampleLines());
}

export async function provinceBadSampleXlsx(): Promise<Buffer> {
  return writeCatalogXlsx(PROVINCE_TITLES, XLSX_HEADER, provinceBadSampleLines());
}
