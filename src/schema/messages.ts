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
  DELAY_REASON_NOT_ALLOWED: { vi: 'Lý do chậm chỉ ghi khi xin lỗi, gia hạn (EXTEND_DEADLINE) hoặc khi trả kết quả (RESOLVE).', en: 'A delay reason is only for EXTEND_DEADLINE or RESOLVE.' },
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
  INVALID_OPENING_HOURS: { vi: 'Giờ làm việc không hợp lệ ({reason}): 7 ngày, mỗi ngày tối đa 3 buổi không chồng nhau, thứ Hai đến thứ Sáu phải có giờ làm việc.', en: 'Invalid opening hours ({reason}): 7 days of at most 3 ordered, non-overlapping sessions; Monday to Friday open.' },
  INVALID_CLOCK_TIME: { vi: 'Giờ không hợp lệ (dạng 07:30).', en: 'Invalid time of day (like 07:30).' },
  DATE_NOT_IN_YEAR: { vi: 'Ngày không thuộc năm {year}.', en: 'The date is not in {year}.' },
  DUPLICATE_DATE: { vi: 'Ngày {date} bị lặp.', en: '{date} appears twice.' },
  DUPLICATE_CODE: { vi: 'Mã {code} bị lặp.', en: '{code} appears twice.' },
  NAME_REQUIRED: { vi: 'Cần có tên.', en: 'A name is required.' },
  INVALID_UNIT_CODE: {
    vi: 'Mã đơn vị không hợp lệ: tỉnh 2 chữ số, cấp xã 5 chữ số; sở, phòng hoặc chi nhánh trung tâm: {mã đơn vị cha}.{1 đến 12 chữ in hoa hoặc chữ số}.',
    en: 'Invalid unit code: 2 digits for a province, 5 for a commune-level unit; a department or center branch is {parent code}.{1 to 12 capital letters or digits}.',
  },
  PROVINCE_HAS_NO_PARENT: { vi: 'Đơn vị cấp tỉnh không có đơn vị cha.', en: 'A province-level unit has no parent.' },
  PARENT_REQUIRED: { vi: 'Đơn vị cấp xã cần mã tỉnh (parentCode).', en: 'A commune-level unit needs its province (parentCode).' },
  PARENT_NOT_PROVINCE: { vi: 'Đơn vị cha phải là cấp tỉnh.', en: 'The parent must be a province-level unit.' },
  PARENT_NOT_PROVINCE_OR_COMMUNE: {
    vi: 'Sở, phòng hoặc chi nhánh trung tâm phải trực thuộc một đơn vị cấp tỉnh hoặc cấp xã.',
    en: 'A department or center branch belongs to a province-level or commune-level unit.',
  },
  UNIT_PARENT_REQUIRED: {
    vi: 'Sở, phòng hoặc chi nhánh trung tâm cần mã đơn vị cha (parentCode).',
    en: 'A department or center branch needs its parent unit (parentCode).',
  },
  INVALID_VALIDITY: { vi: 'Ngày hết hiệu lực phải sau ngày có hiệu lực.', en: 'validTo must not be before validFrom.' },
  INVALID_PROCEDURE_CODE: { vi: 'Mã thủ tục không hợp lệ (dạng 1.001193).', en: 'Invalid procedure code (like 1.001193).' },
  INVALID_FIELD_CODE: { vi: 'Mã lĩnh vực không hợp lệ (dạng HO_TICH).', en: 'Invalid field code (like HO_TICH).' },
  INVALID_PROCESSING_DAYS: { vi: 'Thời hạn giải quyết phải từ 0 đến 365 ngày làm việc.', en: 'processingDays must be 0..365.' },
  INVALID_PROCESSING_TIME: { vi: 'Thời hạn giải quyết không hợp lệ với đơn vị tính đã chọn (trong ngày là 0; các đơn vị khác từ 1, tối đa một năm).', en: 'The processing time does not fit its unit (SAME_DAY is 0; other units from 1 up to a year).' },
  PROCESSING_TIME_REQUIRED: { vi: 'Cần nhập thời hạn giải quyết (processingTime hoặc processingDays).', en: 'Give processingTime or processingDays.' },
  NOT_A_PROVINCE: { vi: 'Mã {code} không phải là tỉnh, thành phố trực thuộc trung ương.', en: '{code} is not a province-level unit.' },
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
  // ---- catalogue import (issue 11, docs/catalog.md)
  CATALOG_NOT_JSON: {
    vi: 'Tệp không phải JSON hợp lệ của CSDL quốc gia về TTHC (cần một mảng các thủ tục).',
    en: 'The file is not valid JSON from the national database (an array of procedures is expected).',
  },
  CATALOG_NOT_XLSX: { vi: 'Tệp không phải bảng tính Excel .xlsx.', en: 'The file is not an Excel .xlsx workbook.' },
  CATALOG_FILE_TOO_LARGE: { vi: 'Tệp quá lớn (tối đa {max} byte).', en: 'The file is too large (at most {max} bytes).' },
  CATALOG_TOO_MANY_ROWS: { vi: 'Tệp có quá nhiều dòng (tối đa {max} thủ tục).', en: 'The file has too many rows (at most {max} procedures).' },
  CATALOG_EMPTY: { vi: 'Tệp không có thủ tục nào.', en: 'The file lists no procedures.' },
  CATALOG_MISSING_COLUMNS: { vi: 'Thiếu cột: {columns}. Không dòng nào được nhập.', en: 'Missing columns: {columns}. Nothing was imported.' },
  CATALOG_DECISION_TOO_LONG: { vi: 'Số hiệu quyết định quá dài (tối đa {max} ký tự).', en: 'The decision is too long (at most {max} characters).' },
  INVALID_BASE64: { vi: 'Nội dung tệp không phải base64 hợp lệ.', en: 'The file content is not valid base64.' },
  CATALOG_ROW_NOT_OBJECT: { vi: 'Phần tử này không phải một thủ tục (đối tượng JSON).', en: 'This item is not a procedure (a JSON object).' },
  CATALOG_VALUE_REQUIRED: { vi: 'Thiếu giá trị ở cột “{column}”.', en: 'The “{column}” value is missing.' },
  CATALOG_VALUE_NOT_TEXT: { vi: 'Giá trị ở cột “{column}” không đọc được (cần chữ hoặc số).', en: 'The “{column}” value cannot be read (text or a number is expected).' },
  CATALOG_TEXT_TOO_LONG: { vi: 'Nội dung quá dài (tối đa {max} ký tự).', en: 'The text is too long (at most {max} characters).' },
  PROCEDURE_LEVEL_UNKNOWN: {
    vi: 'Cấp thực hiện “{value}” không hợp lệ (Cấp tỉnh hoặc Cấp xã).',
    en: 'Unknown level “{value}” (province “Cấp tỉnh” or commune “Cấp xã”).',
  },
  ONLINE_LEVEL_UNKNOWN: {
    vi: 'Mức độ dịch vụ công trực tuyến “{value}” không hợp lệ (Toàn trình, Một phần hoặc để trống).',
    en: 'Unknown online level “{value}” (“Toàn trình”, “Một phần”, or empty).',
  },
  PROCESSING_TIME_UNPARSEABLE: {
    vi: 'Không đọc được thời hạn giải quyết “{value}” (ví dụ: 03 ngày làm việc, Trong ngày, 04 giờ làm việc, 30 ngày).',
    en: 'Cannot read the processing time “{value}” (e.g. 03 ngày làm việc, Trong ngày, 04 giờ làm việc, 30 ngày).',
  },
  PROCESSING_TIME_UNIT_UNKNOWN: {
    vi: 'Đơn vị thời hạn trong “{value}” không dùng được (ngày làm việc, giờ làm việc, ngày, trong ngày).',
    en: 'The unit in “{value}” is not a processing-time unit (working days, working hours, calendar days, same day).',
  },
  PROCESSING_TIME_OUT_OF_RANGE: {
    vi: 'Thời hạn giải quyết “{value}” không thể có (phải lớn hơn 0, đủ nửa ngày, không quá một năm).',
    en: 'The processing time “{value}” is impossible (more than 0, whole half days, at most a year).',
  },
  FEE_UNPARSEABLE: {
    vi: 'Không đọc được phí, lệ phí “{value}” (ví dụ: 8.000 đồng/bản, Miễn phí).',
    en: 'Cannot read the fee “{value}” (e.g. 8.000 đồng/bản, Miễn phí).',
  },
  DOCUMENT_NAME_REQUIRED: { vi: 'Giấy tờ thứ {index} trong thành phần hồ sơ thiếu tên.', en: 'Document {index} has no name.' },
  DOCUMENT_MANDATORY_UNKNOWN: { vi: 'Giấy tờ thứ {index}: “bắt buộc” phải là Có hoặc Không ({value}).', en: 'Document {index}: “mandatory” must be yes or no ({value}).' },
  DUPLICATE_IN_FILE: { vi: 'Mã {code} đã có ở dòng {firstRow}; dòng này không được nhập.', en: '{code} already appears at row {firstRow}; this row was not imported.' },
  UNKNOWN_PROCEDURE: {
    vi: 'Thủ tục {code} chưa có trong danh mục quốc gia; cần quản trị hệ thống nhập trước.',
    en: 'Procedure {code} is not in the national catalogue; a system administrator must import it first.',
  },
  INVALID_FIELD_NAME: { vi: 'Tên lĩnh vực “{value}” không dùng được.', en: 'The field name “{value}” cannot be used.' },
  // ---- end catalogue import
  // Liên thông (docs/routing.md)
  ROUTING_ACTION_NOT_ALLOWED: { vi: 'Thao tác {action} không nhập từ hệ thống cũ được.', en: '{action} cannot be imported.' },
  NOT_HOLDER: { vi: 'Hồ sơ đang do đơn vị {holder} xử lý; chỉ đơn vị đang giữ hồ sơ mới thao tác được.', en: 'The dossier is held by {holder}; only the holding unit may act on it.' },
  NO_ROUTE: { vi: 'Tỉnh {province} chưa thiết lập quy trình liên thông cho thủ tục này.', en: 'Province {province} has set no route for this procedure.' },
  UNIT_NOT_IN_ROUTE: { vi: 'Đơn vị {code} không thuộc quy trình liên thông của thủ tục.', en: '{code} is not on the procedure\'s route.' },
  TRANSFER_OUTSIDE_SCOPE: { vi: 'Không thể chuyển hồ sơ cho đơn vị {code} ngoài tỉnh.', en: 'The dossier cannot be transferred to {code}, outside the province.' },
  ALREADY_HELD: { vi: 'Hồ sơ đã ở đơn vị {unit}.', en: 'The dossier is already at {unit}.' },
  ALREADY_ASSIGNED: { vi: 'Hồ sơ đã được phân công cho cán bộ này.', en: 'The dossier is already assigned to this officer.' },
  ASSIGNEE_NOT_IN_UNIT: { vi: 'Cán bộ được phân công không thuộc đơn vị {unit} đang giữ hồ sơ.', en: 'The assignee is not an officer of {unit}, which holds the dossier.' },
  TO_UNIT_REQUIRED: { vi: 'Cần chọn đơn vị nhận hồ sơ (toUnitCode).', en: 'A receiving unit (toUnitCode) is required.' },
  TO_UNIT_NOT_ALLOWED: { vi: 'Đơn vị nhận (toUnitCode) chỉ dùng cho TRANSFER.', en: 'toUnitCode is only for TRANSFER.' },
  ASSIGNEE_REQUIRED: { vi: 'Cần chọn cán bộ được phân công (assignee).', en: 'An assignee is required.' },
  ASSIGNEE_NOT_ALLOWED: { vi: 'Cán bộ được phân công (assignee) chỉ dùng cho ASSIGN.', en: 'assignee is only for ASSIGN.' },
  UNIT_NOT_IN_PROVINCE: { vi: 'Đơn vị {code} không thuộc tỉnh.', en: '{code} is not in the province.' },
  ROUTE_UNIT_REQUIRED: { vi: 'Bước xử lý cần mã đơn vị (unitCode).', en: 'A PROCESS step needs its unit (unitCode).' },
  ROUTE_NEEDS_PROCESS_STEP: { vi: 'Quy trình cần ít nhất một bước xử lý (PROCESS).', en: 'A route needs at least one PROCESS step.' },
  ROUTE_SHARES_EXCEED_DEADLINE: { vi: 'Tổng thời gian các bước vượt thời hạn giải quyết {days} ngày làm việc.', en: 'The steps\' shares add up to more than the {days} working days of the deadline.' },
  NAME_TOO_LONG: { vi: 'Tên quá dài.', en: 'The name is too long.' },
  // Fees paid online (docs/payments.md)
  NO_PAYMENT_REQUEST: { vi: 'Hồ sơ chưa có yêu cầu nộp phí, lệ phí.', en: 'This dossier has no payment request.' },
  PAYMENT_NOT_CONFIGURED: {
    vi: 'Chưa cấu hình kết nối nền tảng thanh toán (CONNECTOR_PAYMENT_SECRET).',
    en: 'The payment platform connection is not configured (CONNECTOR_PAYMENT_SECRET).',
  },
  PAYMENT_SIGNATURE_INVALID: { vi: 'Chữ ký của thông báo thanh toán không hợp lệ.', en: 'The payment notification signature is invalid.' },
  PAYMENT_NOTIFICATION_INVALID: {
    vi: 'Thông báo thanh toán không đúng định dạng (transactionId, reference, amount, paidAt).',
    en: 'The payment notification is malformed (transactionId, reference, amount, paidAt).',
  },
  PAYMENT_REFERENCE_UNKNOWN: { vi: 'Không có yêu cầu nộp phí với mã thanh toán {reference}.', en: 'No payment request has the reference {reference}.' },
  PAYMENT_NOT_AWAITED: {
    vi: 'Yêu cầu nộp phí {reference} không còn chờ thanh toán (trạng thái {status}) hoặc hồ sơ không ở trạng thái chờ nộp phí.',
    en: 'Payment request {reference} is not awaiting payment (status {status}), or its dossier is not awaiting payment.',
  },
  PAYMENT_AMOUNT_MISMATCH: {
    vi: 'Số tiền {amount} đồng không khớp với số tiền phải nộp {expected} đồng.',
    en: 'The amount {amount} VND does not match the amount due, {expected} VND.',
  },
  PAYMENT_ACCOUNT_NOT_CONFIGURED: {
    vi: 'Tỉnh {province} chưa cấu hình tài khoản thu phí, lệ phí.',
    en: 'Province {province} has no collection account configured.',
  },
  // Satisfaction (docs/satisfaction.md)
  RATING_STARS_INVALID: { vi: 'Số sao đánh giá phải từ 1 đến 5.', en: 'A rating is 1 to 5 stars.' },
  COMMENT_TOO_LONG: { vi: 'Nội dung quá dài (tối đa {max} ký tự).', en: 'The text is too long (at most {max} characters).' },
  RATING_TARGET_REQUIRED: {
    vi: 'Cần đúng một trong hai: mã hồ sơ (khi đăng nhập) hoặc mã đánh giá trong đường dẫn.',
    en: 'Give exactly one of: the dossier id (logged in) or the rating link token.',
  },
  RATING_LINK_INVALID: { vi: 'Đường dẫn đánh giá không hợp lệ.', en: 'This rating link is not valid.' },
  RATING_LINK_USED: { vi: 'Đường dẫn đánh giá đã được sử dụng.', en: 'This rating link was already used.' },
  RATING_LINK_EXPIRED: { vi: 'Đường dẫn đánh giá đã hết hạn.', en: 'This rating link has expired.' },
  RATING_NOT_YET_ALLOWED: {
    vi: 'Chỉ đánh giá được sau khi có kết quả giải quyết (hồ sơ đang ở trạng thái {status}).',
    en: 'A dossier can be rated only after its result (it is {status}).',
  },
  DOSSIER_ALREADY_RATED: { vi: 'Hồ sơ này đã được đánh giá.', en: 'This dossier was already rated.' },
  REPLY_REQUIRED: { vi: 'Cần nội dung trả lời.', en: 'A reply is required.' },
  NO_FEEDBACK: { vi: 'Hồ sơ không có ý kiến góp ý để xử lý.', en: 'This dossier has no comment to handle.' },
  NO_RATING_LINK: { vi: 'Hồ sơ chưa trả kết quả nên chưa có phiếu đánh giá.', en: 'The result was not handed over yet, so there is no rating slip.' },
  FEEDBACK_ALREADY_HANDLED: { vi: 'Ý kiến góp ý đã được xử lý.', en: 'This comment was already handled.' },
  // Digitization (docs/digitization.md)
  DOCUMENT_MEDIA_TYPE_NOT_ALLOWED: {
    vi: 'Định dạng tệp không được chấp nhận; chỉ nhận: {allowed}.',
    en: 'This media type is not accepted; accepted: {allowed}.',
  },
  DOCUMENT_EMPTY: { vi: 'Tệp số hóa không có nội dung.', en: 'The digitized file is empty.' },
  DOCUMENT_TOO_LARGE: { vi: 'Tệp số hóa quá lớn (tối đa {maxMb} MB).', en: 'The digitized file is too large (at most {maxMb} MB).' },
  DOCUMENT_BASE64_INVALID: { vi: 'Nội dung tệp không phải là base64 hợp lệ.', en: 'The file content is not valid base64.' },
  DOCUMENT_CONTENT_MISMATCH: {
    vi: 'Nội dung tệp không đúng định dạng {mediaType} đã khai báo.',
    en: 'The file content is not of the declared type {mediaType}.',
  },
  FILE_NAME_INVALID: { vi: 'Tên tệp không hợp lệ (tối đa {max} ký tự).', en: 'Invalid file name (at most {max} characters).' },
  DOCUMENT_NAME_INVALID: { vi: 'Cần tên thành phần hồ sơ (tối đa {max} ký tự).', en: 'A document name is required (at most {max} characters).' },
  DOCUMENT_NOT_IN_PROCEDURE: {
    vi: 'Giấy tờ này không thuộc thành phần hồ sơ của thủ tục {procedure}.',
    en: 'This document is not one of the required documents of procedure {procedure}.',
  },
  DOSSIER_FINAL: {
    vi: 'Hồ sơ đã kết thúc (trạng thái {status}); không bổ sung giấy tờ số hóa.',
    en: 'The dossier is closed ({status}); no document can be added.',
  },
  DOCUMENT_ALREADY_ATTACHED: { vi: 'Tệp này đã có trong hồ sơ.', en: 'This file is already attached to the dossier.' },
  DOCUMENT_NOT_REUSABLE: {
    vi: 'Không tái sử dụng được giấy tờ này: chỉ dùng lại giấy tờ đã số hóa của cùng công dân ở hồ sơ khác.',
    en: 'This document cannot be reused: only a document digitized for another dossier of the same citizen can.',
  },
  NO_ELECTRONIC_RESULT: { vi: 'Hồ sơ chưa có kết quả điện tử.', en: 'The dossier has no electronic result yet.' },
  RESULT_NOT_ISSUED: {
    vi: 'Không có kết quả giải quyết nào được cấp với mã kiểm tra này.',
    en: 'No result was issued with this checksum.',
  },
  INVALID_SHA256: { vi: 'Mã kiểm tra phải là SHA-256 (64 ký tự thập lục phân).', en: 'The checksum must be a SHA-256 (64 hex digits).' },
  DOCUMENT_FILE_MISSING: {
    vi: 'Tệp của giấy tờ này không còn trong kho lưu trữ.',
    en: 'The file of this document is missing from the document store.',
  },
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
