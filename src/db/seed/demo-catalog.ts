import { RouteRole } from '../../domain/routing/route-role.js';
import type { RouteStepInput } from '../../domain/routing/route.service.js';
import { OnlineLevel, ProcedureLevel } from '../../domain/procedure/procedure-enums.js';
import { ProcessingTimeUnit } from '../../domain/procedure/processing-time.js';
import type { ProcedureInput } from '../../domain/procedure/procedure.service.js';
import { readReferenceSource } from '../../domain/unit/reference/reference-source.js';
import { referenceUnitsOf, type ReferenceUnit } from '../../domain/unit/reference/reference-units.js';
import { UnitKind } from '../../domain/unit/unit-kind.js';
import type { WeeklyHours } from '../../domain/calendar/opening-hours.js';
import type { UnitInput } from '../../domain/unit/unit.service.js';
import {
  BIRTH_REGISTRATION_FORM,
  CERTIFIED_COPY_FORM,
  DEATH_REGISTRATION_FORM,
  HOUSEHOLD_BUSINESS_FORM,
  MARITAL_STATUS_FORM,
} from './demo-forms.js';

/**
 * The demo province and catalogue seeded on the embedded default (or with SEED_DEMO=1). Units are
 * real ones picked by code from the reference list (docs/units.md), so names, kinds and codes are
 * never retyped; one department shows what a center adds under its province. Procedures are real
 * ones handled at commune and province level; codes and times of the first eleven are those of
 * DOMAIN.md. Five carry an e-form (demo-forms.ts).
 */
export const DEMO_PROVINCE_CODE = '51';

const MORNING = { start: 7 * 60 + 30, end: 11 * 60 + 30 };
const AFTERNOON = { start: 13 * 60 + 30, end: 17 * 60 };
/** Monday to Friday 07:30-11:30 and 13:30-17:00, Saturday 07:30-11:30 at the counter (receiving only). */
export const DEMO_OPENING_HOURS: WeeklyHours = [[], ...Array.from({ length: 5 }, () => [MORNING, AFTERNOON]), [MORNING]];

/** Tỉnh Quảng Ngãi and five of its communes, Thành phố Hồ Chí Minh and Phường Sài Gòn. */
export const DEMO_UNIT_CODES = ['51', '21025', '21028', '21211', '21040', '21548', '79', '26740'] as const;

/** A department of the demo province (Sở Nông nghiệp và Môi trường): a unit of a center's own. */
export const DEMO_DEPARTMENT: UnitInput = {
  code: '51.SNNMT',
  name: 'Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi',
  kind: UnitKind.AGENCY,
  parentCode: DEMO_PROVINCE_CODE,
};

function pickReferenceUnits(codes: readonly string[]): UnitInput[] {
  const source = readReferenceSource();
  const reference = referenceUnitsOf(source.provinces, source.wards);
  const byCode = new Map<string, ReferenceUnit>([...reference.provinces, ...reference.communes].map((u) => [u.code, u]));
  return codes.map((code) => {
    const unit = byCode.get(code);
    if (!unit) throw new Error(`demo unit ${code} is not in the reference list`);
    return { code: unit.code, name: unit.name, kind: unit.kind, parentCode: unit.parentCode, validFrom: unit.validFrom };
  });
}

export const DEMO_UNITS: UnitInput[] = [...pickReferenceUnits(DEMO_UNIT_CODES), DEMO_DEPARTMENT];

/**
 * The demo province's route for the first land registration (1.012756, 17 working days): the commune
 * or provincial center receives (1 day), the department decides (15), the center hands the result
 * over (1). Its officers are the ones a land dossier there may be assigned to (docs/routing.md).
 */
export const DEMO_ROUTES: { provinceCode: string; procedureCode: string; steps: RouteStepInput[] }[] = [
  {
    provinceCode: DEMO_PROVINCE_CODE,
    procedureCode: '1.012756',
    steps: [
      { role: RouteRole.RECEIVE, unitCode: null, name: 'Tiếp nhận, chuyển hồ sơ', days: 1 },
      { role: RouteRole.PROCESS, unitCode: DEMO_DEPARTMENT.code, name: 'Thẩm định, giải quyết', days: 15 },
      { role: RouteRole.RETURN, unitCode: null, name: 'Trả kết quả', days: 1 },
    ],
  },
];

export const DEMO_UNIT_OFFICERS: { unitCode: string; subs: string[] }[] = [
  { unitCode: DEMO_DEPARTMENT.code, subs: ['snnmt-officer-1', 'snnmt-officer-2', 'snnmt-leader-1'] },
];

const doc = (name: string, copies = 1, mandatory = true) => ({ name, copies, mandatory });
const HO_TICH = { fieldCode: 'HO_TICH', fieldName: 'Hộ tịch', connector: 'civil-status' };
const CHUNG_THUC = { fieldCode: 'CHUNG_THUC', fieldName: 'Chứng thực', connector: null };
const KINH_DOANH = { fieldCode: 'DANG_KY_KINH_DOANH', fieldName: 'Đăng ký kinh doanh', connector: 'business-registration' };
const CU_TRU = { fieldCode: 'CU_TRU', fieldName: 'Cư trú', connector: null };
const DAT_DAI = { fieldCode: 'DAT_DAI', fieldName: 'Đất đai', connector: null };
const XAY_DUNG = { fieldCode: 'XAY_DUNG', fieldName: 'Xây dựng', connector: null };
const XA_HOI = { fieldCode: 'BAO_TRO_XA_HOI', fieldName: 'Bảo trợ xã hội', connector: null };
const CON_NUOI = { fieldCode: 'NUOI_CON_NUOI', fieldName: 'Nuôi con nuôi', connector: null };
const C = ProcedureLevel.COMMUNE;
const P = ProcedureLevel.PROVINCE;
const { FULL, PARTIAL, NONE } = OnlineLevel;

export const DEMO_PROCEDURES: ProcedureInput[] = [
  { code: '1.001193', name: 'Đăng ký khai sinh', ...HO_TICH, level: C, processingDays: 0, onlineLevel: FULL,
    requiredDocuments: [doc('Tờ khai đăng ký khai sinh'), doc('Giấy chứng sinh')], formSchema: BIRTH_REGISTRATION_FORM },
  { code: '1.000894', name: 'Đăng ký kết hôn', ...HO_TICH, level: C, processingDays: 0, onlineLevel: PARTIAL,
    requiredDocuments: [doc('Tờ khai đăng ký kết hôn'), doc('Giấy xác nhận tình trạng hôn nhân', 1, false)] },
  { code: '1.000656', name: 'Đăng ký khai tử', ...HO_TICH, level: C, processingDays: 0, onlineLevel: FULL,
    requiredDocuments: [doc('Tờ khai đăng ký khai tử'), doc('Giấy báo tử hoặc giấy tờ thay thế')], formSchema: DEATH_REGISTRATION_FORM },
  { code: '1.004873', name: 'Xác nhận tình trạng hôn nhân', ...HO_TICH, level: C, processingDays: 3, onlineLevel: FULL,
    requiredDocuments: [doc('Tờ khai cấp Giấy xác nhận tình trạng hôn nhân')], formSchema: MARITAL_STATUS_FORM },
  { code: '2.000635', name: 'Cấp bản sao trích lục hộ tịch', ...HO_TICH, level: C, processingDays: 0, onlineLevel: FULL, feeVnd: 8000,
    requiredDocuments: [doc('Tờ khai cấp bản sao trích lục hộ tịch')] },
  { code: '1.004884', name: 'Đăng ký lại khai sinh', ...HO_TICH, level: C, processingDays: 5, onlineLevel: PARTIAL,
    requiredDocuments: [doc('Tờ khai đăng ký lại khai sinh'), doc('Bản sao giấy tờ liên quan', 1, false)] },
  { code: '2.000815', name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản', ...CHUNG_THUC, level: C, processingDays: 0,
    onlineLevel: NONE, feeVnd: 2000, requiredDocuments: [doc('Bản chính giấy tờ, văn bản'), doc('Bản sao cần chứng thực')],
    formSchema: CERTIFIED_COPY_FORM },
  { code: '2.000884', name: 'Chứng thực chữ ký trong các giấy tờ, văn bản', ...CHUNG_THUC, level: C, processingDays: 0,
    onlineLevel: NONE, feeVnd: 10000, requiredDocuments: [doc('Giấy tờ, văn bản cần chứng thực chữ ký')] },
  { code: '1.001612', name: 'Đăng ký thành lập hộ kinh doanh', ...KINH_DOANH, level: C, processingDays: 3, onlineLevel: FULL,
    feeVnd: 100000, requiredDocuments: [doc('Giấy đề nghị đăng ký hộ kinh doanh'), doc('Biên bản họp thành viên hộ gia đình', 1, false)],
    formSchema: HOUSEHOLD_BUSINESS_FORM },
  { code: '1.004222', name: 'Đăng ký thường trú', ...CU_TRU, level: C, processingDays: 7, onlineLevel: FULL,
    requiredDocuments: [doc('Tờ khai thay đổi thông tin cư trú'), doc('Giấy tờ chứng minh chỗ ở hợp pháp')] },
  { code: '1.012756', name: 'Đăng ký đất đai, tài sản gắn liền với đất lần đầu', ...DAT_DAI, level: P, processingDays: 17,
    onlineLevel: FULL, requiredDocuments: [doc('Đơn đăng ký đất đai, tài sản gắn liền với đất'), doc('Giấy tờ về quyền sử dụng đất')] },
  { code: '1.000689', name: 'Đăng ký nhận cha, mẹ, con', ...HO_TICH, level: C, processingDays: 3, onlineLevel: PARTIAL,
    requiredDocuments: [doc('Tờ khai đăng ký nhận cha, mẹ, con'), doc('Chứng cứ chứng minh quan hệ cha, mẹ, con')] },
  { code: '2.000913', name: 'Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch', ...CHUNG_THUC, level: C,
    processingDays: 2, onlineLevel: NONE, feeVnd: 30000,
    requiredDocuments: [doc('Dự thảo hợp đồng, giao dịch sửa đổi, bổ sung, hủy bỏ'), doc('Hợp đồng, giao dịch đã được chứng thực')] },
  { code: '1.004746', name: 'Đăng ký lại kết hôn', ...HO_TICH, level: C, processingDays: 5, onlineLevel: PARTIAL,
    requiredDocuments: [doc('Tờ khai đăng ký lại kết hôn'), doc('Bản sao Giấy chứng nhận kết hôn', 1, false)] },
  { code: '2.001035', name: 'Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản', ...CHUNG_THUC, level: C,
    processingDays: 2, onlineLevel: NONE, feeVnd: 50000, requiredDocuments: [doc('Dự thảo hợp đồng, giao dịch')] },
  { code: '1.004837', name: 'Đăng ký thay đổi nội dung đăng ký hộ kinh doanh', ...KINH_DOANH, level: C, processingDays: 3,
    onlineLevel: FULL, requiredDocuments: [doc('Thông báo thay đổi nội dung đăng ký hộ kinh doanh')] },
  { code: '2.000575', name: 'Tạm ngừng hoạt động hộ kinh doanh', ...KINH_DOANH, level: C, processingDays: 3, onlineLevel: FULL,
    requiredDocuments: [doc('Thông báo tạm ngừng kinh doanh')] },
  { code: '1.004194', name: 'Đăng ký tạm trú', ...CU_TRU, level: C, processingDays: 3, onlineLevel: FULL,
    requiredDocuments: [doc('Tờ khai thay đổi thông tin cư trú'), doc('Giấy tờ chứng minh chỗ ở hợp pháp')] },
  { code: '1.004206', name: 'Xóa đăng ký thường trú', ...CU_TRU, level: C, processingDays: 2, onlineLevel: FULL,
    requiredDocuments: [doc('Tờ khai thay đổi thông tin cư trú')] },
  // 1.013225 supersedes 1.001757; its time is 15 days counted in calendar days from a complete dossier.
  { code: '1.013225', name: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ', ...XAY_DUNG, level: C,
    processingTime: { value: 15, unit: ProcessingTimeUnit.CALENDAR_DAYS }, onlineLevel: PARTIAL, feeVnd: 75000, requiredDocuments: [doc('Đơn đề nghị cấp giấy phép xây dựng'), doc('Bản vẽ thiết kế xây dựng', 2)] },
  { code: '1.004227', name: 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất', ...DAT_DAI, level: P,
    processingDays: 10, onlineLevel: PARTIAL, requiredDocuments: [doc('Đơn đăng ký biến động đất đai'), doc('Giấy chứng nhận đã cấp')] },
  { code: '1.001776', name: 'Thực hiện trợ cấp xã hội hằng tháng', ...XA_HOI, level: C, processingDays: 10, onlineLevel: PARTIAL,
    requiredDocuments: [doc('Tờ khai đề nghị trợ giúp xã hội')] },
  { code: '1.003005', name: 'Đăng ký việc nuôi con nuôi trong nước', ...CON_NUOI, level: C, processingDays: 20, onlineLevel: NONE,
    requiredDocuments: [doc('Đơn xin nhận con nuôi'), doc('Giấy khám sức khỏe', 1)] },
  { code: '1.000593', name: 'Đăng ký kết hôn có yếu tố nước ngoài', ...HO_TICH, level: P, processingDays: 10, onlineLevel: PARTIAL,
    requiredDocuments: [doc('Tờ khai đăng ký kết hôn'), doc('Giấy xác nhận tình trạng hôn nhân'), doc('Giấy khám sức khỏe', 2)] },
];
