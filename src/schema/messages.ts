/**
 * Human messages for the stable error codes: Vietnamese by default, English with
 * `Accept-Language: en`. Clients switch on `code`; the message is for people.
 */
export type Language = 'vi' | 'en';

type Catalog = Record<string, { vi: string; en: string }>;

const MESSAGES: Catalog = {
  UNAUTHENTICATED: { vi: 'Cần đăng nhập (mã thông báo hợp lệ).', en: 'Authentication required (a valid bearer token).' },
  FORBIDDEN: { vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  NOT_FOUND: { vi: 'Không tìm thấy {code}.', en: '{code} was not found.' },
  BAD_USER_INPUT: { vi: 'Dữ liệu không hợp lệ.', en: 'Invalid input.' },
  INVALID_CITIZEN_ID: {
    vi: 'Số định danh cá nhân (CCCD) không hợp lệ: cần đúng 12 chữ số.',
    en: 'Invalid citizen id: 12 digits are required.',
  },
  INVALID_PHONE: { vi: 'Số điện thoại không hợp lệ.', en: 'Invalid phone number.' },
  INVALID_FULL_NAME: { vi: 'Họ tên không hợp lệ.', en: 'Invalid full name.' },
  INVALID_TRANSITION: {
    vi: 'Không thể thực hiện {action} khi hồ sơ đang ở trạng thái {status}.',
    en: '{action} is not allowed while the dossier is {status}.',
  },
  SUPPLEMENT_ALREADY_REQUESTED: {
    vi: 'Hồ sơ đã được yêu cầu bổ sung một lần; không được yêu cầu lần thứ hai.',
    en: 'A supplement was already requested once for this dossier.',
  },
  OUTCOME_REQUIRED: { vi: 'Cần có kết quả giải quyết (APPROVED hoặc DENIED).', en: 'An outcome (APPROVED or DENIED) is required.' },
  OUTCOME_NOT_ALLOWED: { vi: 'Kết quả chỉ dùng cho thao tác RESOLVE.', en: 'An outcome is only for RESOLVE.' },
  NEW_DUE_DATE_REQUIRED: { vi: 'Cần có ngày hẹn trả mới.', en: 'A new due date is required.' },
  NEW_DUE_DATE_NOT_ALLOWED: { vi: 'Ngày hẹn mới chỉ dùng cho EXTEND_DEADLINE.', en: 'A new due date is only for EXTEND_DEADLINE.' },
  INVALID_NEW_DUE_DATE: { vi: 'Ngày hẹn mới phải sau hạn giải quyết {dueDate}.', en: 'The new due date must be after {dueDate}.' },
  DEADLINE_ALREADY_EXTENDED: { vi: 'Hồ sơ đã được gia hạn một lần.', en: 'The deadline was already extended once.' },
  NOTE_TOO_LONG: { vi: 'Ghi chú quá dài.', en: 'The note is too long.' },
  PROCEDURE_NOT_ONLINE: { vi: 'Thủ tục này không nộp trực tuyến được.', en: 'This procedure cannot be filed online.' },
  UNIT_NOT_ACTIVE: { vi: 'Đơn vị hành chính đã hết hiệu lực.', en: 'This administrative unit is no longer active.' },
  IDEMPOTENCY_KEY_REUSED: {
    vi: 'Khóa idempotency đã được dùng cho một yêu cầu khác.',
    en: 'This idempotency key was used for a different request.',
  },
  INVALID_IDEMPOTENCY_KEY: { vi: 'Khóa idempotency không hợp lệ.', en: 'Invalid idempotency key.' },
  INVALID_DATE: { vi: 'Ngày không hợp lệ (YYYY-MM-DD).', en: 'Invalid date (YYYY-MM-DD).' },
  INVALID_YEAR: { vi: 'Năm không hợp lệ.', en: 'Invalid year.' },
  DATE_NOT_IN_YEAR: { vi: 'Ngày không thuộc năm {year}.', en: 'The date is not in {year}.' },
  DUPLICATE_DATE: { vi: 'Ngày {date} bị lặp.', en: '{date} appears twice.' },
  DUPLICATE_CODE: { vi: 'Mã {code} bị lặp.', en: '{code} appears twice.' },
  NAME_REQUIRED: { vi: 'Cần có tên.', en: 'A name is required.' },
  INVALID_UNIT_CODE: {
    vi: 'Mã đơn vị không hợp lệ: tỉnh 2 chữ số, cấp xã 5 chữ số.',
    en: 'Invalid unit code: 2 digits for a province, 5 for a commune-level unit.',
  },
  PROVINCE_HAS_NO_PARENT: { vi: 'Đơn vị cấp tỉnh không có đơn vị cha.', en: 'A province-level unit has no parent.' },
  PARENT_REQUIRED: { vi: 'Đơn vị cấp xã cần mã tỉnh (parentCode).', en: 'A commune-level unit needs its province (parentCode).' },
  PARENT_NOT_PROVINCE: { vi: 'Đơn vị cha phải là cấp tỉnh.', en: 'The parent must be a province-level unit.' },
  INVALID_VALIDITY: { vi: 'Ngày hết hiệu lực phải sau ngày có hiệu lực.', en: 'validTo must not be before validFrom.' },
  INVALID_PROCEDURE_CODE: { vi: 'Mã thủ tục không hợp lệ (dạng 1.001193).', en: 'Invalid procedure code (like 1.001193).' },
  INVALID_FIELD_CODE: { vi: 'Mã lĩnh vực không hợp lệ (dạng HO_TICH).', en: 'Invalid field code (like HO_TICH).' },
  INVALID_PROCESSING_DAYS: { vi: 'Thời hạn giải quyết phải từ 0 đến 365 ngày làm việc.', en: 'processingDays must be 0..365.' },
  INVALID_FEE: { vi: 'Lệ phí không hợp lệ.', en: 'Invalid fee.' },
  INVALID_CONNECTOR_KEY: { vi: 'Mã kết nối không hợp lệ.', en: 'Invalid connector key.' },
  INVALID_COPIES: { vi: 'Số bản phải từ 1 trở lên.', en: 'copies must be at least 1.' },
  TOO_MANY_ITEMS: { vi: 'Tối đa {max} mục mỗi lần.', en: 'At most {max} items per call.' },
  FORM_DATA_TOO_LARGE: { vi: 'Dữ liệu biểu mẫu quá lớn (tối đa {max} byte).', en: 'Form data is too large (at most {max} bytes).' },
  INVALID_DOSSIER_CODE: { vi: 'Mã hồ sơ không hợp lệ.', en: 'Invalid dossier code.' },
  FIELD_REQUIRED: { vi: 'Trường này bắt buộc với kênh {channel}.', en: 'This field is required for channel {channel}.' },
  FIELD_NOT_ALLOWED: { vi: 'Trường này không dùng cho kênh {channel}.', en: 'This field is not used for channel {channel}.' },
  TIME_IN_FUTURE: { vi: 'Thời điểm ở tương lai.', en: 'The time is in the future.' },
  HISTORY_OUT_OF_ORDER: { vi: 'Lịch sử phải theo thứ tự thời gian.', en: 'History entries must be in chronological order.' },
  INVALID_ID: { vi: 'Mã định danh (ID) không hợp lệ.', en: 'Invalid id.' },
  INVALID_CURSOR: { vi: 'Con trỏ phân trang không hợp lệ.', en: 'Invalid pagination cursor.' },
  NUL_CHARACTER: { vi: 'Dữ liệu không được chứa ký tự NUL (\\u0000).', en: 'Input must not contain the NUL character (\\u0000).' },
  INVALID_CITIZEN_ID_LAST4: { vi: 'Cần đúng 4 chữ số cuối của số định danh.', en: 'Exactly the last 4 digits of the citizen id are required.' },
  INVALID_FORM_DATA: { vi: 'Dữ liệu biểu mẫu phải là một đối tượng JSON.', en: 'formData must be a JSON object.' },
  INVALID_PAGE_SIZE: { vi: 'first phải từ 1 đến {max}.', en: 'first must be between 1 and {max}.' },
  INVALID_PERIOD: { vi: 'Khoảng thời gian không hợp lệ.', en: 'Invalid period.' },
  TOO_MANY_ATTEMPTS: { vi: 'Quá nhiều lần thử; vui lòng thử lại sau.', en: 'Too many attempts; try again later.' },
  QUERY_TOO_COMPLEX: { vi: 'Truy vấn quá phức tạp.', en: 'The query is too complex.' },
  // Connectors (issue 4)
  VNEID_LEVEL_TOO_LOW: {
    vi: 'Nộp trực tuyến toàn trình cần tài khoản định danh điện tử VNeID mức độ 2; vui lòng nộp trực tiếp tại bộ phận một cửa.',
    en: 'Online filing of this procedure needs a level-2 VNeID account; please file in person at the center.',
  },
  VNEID_ACCOUNT_NOT_FOUND: {
    vi: 'Không tìm thấy tài khoản định danh điện tử VNeID của số định danh này.',
    en: 'No VNeID account was found for this citizen id.',
  },
  IDENTITY_NOT_VERIFIED: {
    vi: 'Chưa xác thực được tài khoản VNeID của người nộp (hệ thống VNeID chưa phản hồi); chưa thể tiếp nhận hồ sơ, vui lòng thử lại sau.',
    en: 'The applicant’s VNeID account is not verified yet (VNeID has not answered); the filing cannot be accepted until it is.',
  },
  SYNC_NOT_RETRYABLE: {
    vi: 'Chỉ gửi lại được bản ghi đồng bộ ở trạng thái DEAD hoặc RETRYING (hiện tại: {state}).',
    en: 'Only DEAD or RETRYING sync records can be retried (this one is {state}).',
  },
  // ---- portal: e-forms, receipts, tracking page (issue 6)
  FORM_INVALID: { vi: 'Biểu mẫu: trường “{label}” không hợp lệ.', en: 'Form: field “{label}” is invalid.' },
  FORM_FIELD_REQUIRED: { vi: 'Biểu mẫu: cần nhập “{label}”.', en: 'Form: “{label}” is required.' },
  FORM_FIELD_UNKNOWN: { vi: 'Biểu mẫu: không có trường “{label}”.', en: 'Form: there is no field “{label}”.' },
  FORM_FIELD_TYPE: { vi: 'Biểu mẫu: “{label}” sai kiểu dữ liệu (cần {expected}).', en: 'Form: “{label}” has the wrong type ({expected} expected).' },
  FORM_FIELD_FORMAT: { vi: 'Biểu mẫu: “{label}” sai định dạng ({format}).', en: 'Form: “{label}” is not a valid {format}.' },
  FORM_FIELD_CHOICE: { vi: 'Biểu mẫu: “{label}” phải là một trong các lựa chọn cho sẵn.', en: 'Form: “{label}” must be one of the listed choices.' },
  FORM_FIELD_TOO_SHORT: { vi: 'Biểu mẫu: “{label}” cần ít nhất {limit} ký tự/mục.', en: 'Form: “{label}” needs at least {limit} characters/items.' },
  FORM_FIELD_TOO_LONG: { vi: 'Biểu mẫu: “{label}” tối đa {limit} ký tự/mục.', en: 'Form: “{label}” allows at most {limit} characters/items.' },
  FORM_FIELD_TOO_SMALL: { vi: 'Biểu mẫu: “{label}” phải từ {limit} trở lên.', en: 'Form: “{label}” must be at least {limit}.' },
  FORM_FIELD_TOO_LARGE: { vi: 'Biểu mẫu: “{label}” không được vượt quá {limit}.', en: 'Form: “{label}” must be at most {limit}.' },
  FORM_FIELD_PATTERN: { vi: 'Biểu mẫu: “{label}” không đúng mẫu quy định.', en: 'Form: “{label}” does not match the required pattern.' },
  FORM_FIELD_INVALID: { vi: 'Biểu mẫu: trường “{label}” không hợp lệ.', en: 'Form: field “{label}” is invalid.' },
  FORM_UNAVAILABLE: {
    vi: 'Biểu mẫu điện tử của thủ tục {code} đang lỗi; vui lòng liên hệ quản trị hệ thống.',
    en: 'The e-form of procedure {code} is broken; please contact the administrator.',
  },
  INVALID_FORM_SCHEMA: { vi: 'Biểu mẫu (JSON Schema) không hợp lệ.', en: 'Invalid form definition (JSON Schema).' },
  FORM_SCHEMA_NOT_OBJECT: {
    vi: 'Biểu mẫu phải là một JSON Schema có "type": "object".',
    en: 'A form must be a JSON Schema with "type": "object".',
  },
  FORM_SCHEMA_TOO_LARGE: { vi: 'Biểu mẫu quá lớn (tối đa {max} byte).', en: 'The form is too large (at most {max} bytes).' },
  FORM_SCHEMA_DIALECT: { vi: 'Biểu mẫu phải dùng JSON Schema 2020-12 ({dialect}).', en: 'Forms use JSON Schema 2020-12 ({dialect}).' },
  FORM_SCHEMA_NOT_COMPILED: { vi: 'Biểu mẫu không hợp lệ: {detail}', en: 'Invalid form: {detail}' },
  FORM_SCHEMA_UNKNOWN_ORDER: {
    vi: 'x-order nêu trường “{name}” không có trong properties.',
    en: 'x-order names “{name}”, which is not in properties.',
  },
  DOSSIER_NOT_RECEIVED: {
    vi: 'Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận.',
    en: 'The dossier has not been received, so there is no receipt yet.',
  },
  NO_DEADLINE_EXTENSION: {
    vi: 'Hồ sơ chưa được gia hạn nên không có phiếu xin lỗi.',
    en: 'The deadline of this dossier was not extended, so there is no apology letter.',
  },
  // ---- end portal
  // Reconciliation (issue 5)
  RECONCILIATION_NOT_SUPPORTED: {
    vi: 'Hệ thống {connector} không cung cấp số liệu để đối soát.',
    en: 'The {connector} system cannot report counts for reconciliation.',
  },
  RECONCILIATION_PERIOD_TOO_LONG: { vi: 'Mỗi lần đối soát tối đa {max} ngày.', en: 'A reconciliation covers at most {max} days.' },
  RECONCILIATION_PERIOD_IN_FUTURE: { vi: 'Không thể đối soát ngày trong tương lai.', en: 'Days in the future cannot be reconciled.' },
  CONNECTOR_DISABLED: { vi: 'Kết nối {connector} đang tắt.', en: 'The {connector} connector is disabled.' },
  CONNECTOR_NOT_CONFIGURED: {
    vi: 'Kết nối {connector} chưa được cấu hình đúng (địa chỉ, mã site hoặc khóa truy cập); liên hệ quản trị hệ thống.',
    en: 'The {connector} connector is not configured correctly (URL, site id or credentials); contact the administrator.',
  },
  REMOTE_UNAVAILABLE: {
    vi: 'Hệ thống {connector} hiện không phản hồi; chưa lập biên bản đối soát, vui lòng thử lại sau.',
    en: 'The {connector} system is not answering; no reconciliation report was written, please try again later.',
  },
  REMOTE_COUNT_REJECTED: {
    vi: 'Hệ thống {connector} từ chối yêu cầu số liệu đối soát.',
    en: 'The {connector} system refused the request for reconciliation counts.',
  },
  // statistics (issue 3)
  PERIOD_END_BEFORE_START: { vi: 'Ngày kết thúc (to) không được trước ngày bắt đầu (from).', en: 'The end date (to) must not be before the start date (from).' },
  PERIOD_TOO_LONG: { vi: 'Khoảng thời gian thống kê tối đa {maxYears} năm.', en: 'A statistics period covers at most {maxYears} years.' },
  PARAMETER_REQUIRED: { vi: 'Thiếu tham số {name}.', en: 'The parameter {name} is required.' },
  INVALID_GROUPING: { vi: 'Cách nhóm không hợp lệ; dùng một trong: {allowed}.', en: 'Invalid grouping; use one of: {allowed}.' },
  INTERNAL_SERVER_ERROR: { vi: 'Lỗi hệ thống; vui lòng thử lại sau.', en: 'Internal error; please try again later.' },
};

export function messageFor(code: string, lang: Language, params: Readonly<Record<string, string | number>> = {}): string {
  const entry = MESSAGES[code];
  const template = entry ? entry[lang] : code;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? key));
}

export function languageOf(acceptLanguage: string | undefined): Language {
  return acceptLanguage && /^\s*en\b/i.test(acceptLanguage) ? 'en' : 'vi';
}

/** Codes that have a message (a test checks that every code the domain throws is here). */
export const KNOWN_CODES = Object.keys(MESSAGES);
