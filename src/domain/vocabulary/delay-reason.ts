/**
 * Why a dossier is late, as the officer records it on the apology (EXTEND_DEADLINE, phiếu xin lỗi
 * và hẹn lại ngày trả kết quả) or on a late RESOLVE. Decision 766 asks centers to report the
 * reasons for lateness; the categories are the ones centers' apology letters give in practice.
 */
export enum DelayReason {
  /** A specialized national system (civil status, VNeID, business registration...) failed or was unreachable. */
  SPECIALIZED_SYSTEM_FAILURE = 'SPECIALIZED_SYSTEM_FAILURE',
  /** Waiting for another agency's opinion or result (liên thông, xác minh liên ngành). */
  AWAITING_OTHER_AGENCY = 'AWAITING_OTHER_AGENCY',
  /** The dossier needed further verification or an on-site inspection. */
  VERIFICATION_REQUIRED = 'VERIFICATION_REQUIRED',
  /** Too many dossiers for the officers available. */
  WORKLOAD = 'WORKLOAD',
  /** Natural disaster, epidemic or another event beyond the center's control. */
  FORCE_MAJEURE = 'FORCE_MAJEURE',
  OTHER = 'OTHER',
}
