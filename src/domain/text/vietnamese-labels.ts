import { Channel, DossierAction, DossierStatus, Outcome, Timeliness } from '../vocabulary/dossier-enums.js';

/**
 * What citizens read on the tracking page and on printed slips: the words of the one-stop shop
 * (bộ phận một cửa), not the machine codes of the API.
 */
export const STATUS_LABELS: Readonly<Record<DossierStatus, string>> = {
  SUBMITTED: 'Đã nộp trực tuyến, chờ tiếp nhận',
  RECEIVED: 'Đã tiếp nhận',
  REFUSED: 'Từ chối tiếp nhận',
  PROCESSING: 'Đang giải quyết',
  AWAITING_SUPPLEMENT: 'Chờ bổ sung hồ sơ',
  AWAITING_PAYMENT: 'Chờ nộp phí, lệ phí',
  WITHDRAWN: 'Đã rút hồ sơ',
  SUSPENDED: 'Tạm dừng giải quyết',
  RESOLVED: 'Đã có kết quả, chờ trả',
  RETURNED: 'Đã trả kết quả',
};

const ACTION_LABELS: Readonly<Record<DossierAction, string>> = {
  ACCEPT: 'Tiếp nhận hồ sơ nộp trực tuyến',
  REFUSE: 'Từ chối tiếp nhận',
  START_PROCESSING: 'Chuyển giải quyết',
  REQUEST_SUPPLEMENT: 'Yêu cầu bổ sung hồ sơ',
  SUBMIT_SUPPLEMENT: 'Nộp bổ sung hồ sơ',
  REQUEST_PAYMENT: 'Yêu cầu nộp phí, lệ phí',
  CONFIRM_PAYMENT: 'Xác nhận đã nộp phí, lệ phí',
  SUSPEND: 'Tạm dừng giải quyết',
  RESUME: 'Tiếp tục giải quyết',
  RESOLVE: 'Có kết quả giải quyết',
  RETURN_RESULT: 'Trả kết quả',
  WITHDRAW: 'Rút hồ sơ',
  EXTEND_DEADLINE: 'Xin lỗi và hẹn lại ngày trả kết quả',
  TRANSFER: 'Chuyển hồ sơ liên thông',
  ASSIGN: 'Phân công xử lý',
  RETURN_TO_RECEIVER: 'Chuyển kết quả về bộ phận một cửa',
};

/** The first event has no action: the dossier was filed online or received at the counter. */
export function eventLabel(action: DossierAction | null, toStatus: DossierStatus): string {
  if (action) return ACTION_LABELS[action];
  return toStatus === DossierStatus.SUBMITTED ? 'Nộp hồ sơ trực tuyến' : 'Tiếp nhận hồ sơ';
}

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  APPROVED: 'Được giải quyết',
  DENIED: 'Không được giải quyết (có văn bản trả lời)',
};

export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  ONLINE: 'Trực tuyến',
  IN_PERSON: 'Trực tiếp',
  POSTAL: 'Qua dịch vụ bưu chính',
};

export const TIMELINESS_LABELS: Readonly<Record<Timeliness, string>> = {
  EARLY: 'Trả trước hạn',
  ON_TIME: 'Trả đúng hạn',
  LATE: 'Trả quá hạn',
  IN_PROGRESS_ON_TIME: 'Trong hạn',
  IN_PROGRESS_OVERDUE: 'Đã quá hạn',
  NOT_STARTED: 'Chưa tính hạn',
};
