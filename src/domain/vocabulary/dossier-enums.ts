/** Dossier vocabulary shared by the entities, the state machine and the GraphQL layer. */

export enum Channel {
  ONLINE = 'ONLINE',
  IN_PERSON = 'IN_PERSON',
  POSTAL = 'POSTAL',
}

/** Lifecycle statuses; the national status code of each is in `NATIONAL_STATUS_CODE`. */
export enum DossierStatus {
  SUBMITTED = 'SUBMITTED',
  RECEIVED = 'RECEIVED',
  REFUSED = 'REFUSED',
  PROCESSING = 'PROCESSING',
  AWAITING_SUPPLEMENT = 'AWAITING_SUPPLEMENT',
  AWAITING_PAYMENT = 'AWAITING_PAYMENT',
  WITHDRAWN = 'WITHDRAWN',
  SUSPENDED = 'SUSPENDED',
  RESOLVED = 'RESOLVED',
  RETURNED = 'RETURNED',
}

export const NATIONAL_STATUS_CODE: Readonly<Record<DossierStatus, number>> = {
  SUBMITTED: 1,
  RECEIVED: 2,
  REFUSED: 3,
  PROCESSING: 4,
  AWAITING_SUPPLEMENT: 5,
  AWAITING_PAYMENT: 6,
  WITHDRAWN: 7,
  SUSPENDED: 8,
  RESOLVED: 9,
  RETURNED: 10,
};

export enum DossierAction {
  ACCEPT = 'ACCEPT',
  REFUSE = 'REFUSE',
  START_PROCESSING = 'START_PROCESSING',
  REQUEST_SUPPLEMENT = 'REQUEST_SUPPLEMENT',
  SUBMIT_SUPPLEMENT = 'SUBMIT_SUPPLEMENT',
  REQUEST_PAYMENT = 'REQUEST_PAYMENT',
  CONFIRM_PAYMENT = 'CONFIRM_PAYMENT',
  SUSPEND = 'SUSPEND',
  RESUME = 'RESUME',
  RESOLVE = 'RESOLVE',
  RETURN_RESULT = 'RETURN_RESULT',
  WITHDRAW = 'WITHDRAW',
  EXTEND_DEADLINE = 'EXTEND_DEADLINE',
  /** Liên thông: hand the dossier to another unit of its route (status unchanged; docs/routing.md). */
  TRANSFER = 'TRANSFER',
  /** Give the dossier to an officer of the unit that holds it (status unchanged). */
  ASSIGN = 'ASSIGN',
  /** Send a resolved dossier back to the receiving center, which hands the result over. */
  RETURN_TO_RECEIVER = 'RETURN_TO_RECEIVER',
}

/** The actions that move a dossier between holders and officers, never its national status. */
export const ROUTING_ACTIONS: ReadonlySet<DossierAction> = new Set([
  DossierAction.TRANSFER,
  DossierAction.ASSIGN,
  DossierAction.RETURN_TO_RECEIVER,
]);

export enum Outcome {
  APPROVED = 'APPROVED',
  DENIED = 'DENIED',
}

export enum Timeliness {
  EARLY = 'EARLY',
  ON_TIME = 'ON_TIME',
  LATE = 'LATE',
  IN_PROGRESS_ON_TIME = 'IN_PROGRESS_ON_TIME',
  IN_PROGRESS_OVERDUE = 'IN_PROGRESS_OVERDUE',
  NOT_STARTED = 'NOT_STARTED',
}

export const FINAL_STATUSES: ReadonlySet<DossierStatus> = new Set([
  DossierStatus.REFUSED,
  DossierStatus.WITHDRAWN,
  DossierStatus.RETURNED,
]);

/** Statuses in which the deadline clock is stopped. */
export const PAUSED_STATUSES: ReadonlySet<DossierStatus> = new Set([
  DossierStatus.AWAITING_SUPPLEMENT,
  DossierStatus.AWAITING_PAYMENT,
  DossierStatus.SUSPENDED,
]);

/** Received and not finished: the clock runs (or is paused) and timeliness is "in progress". */
export const UNFINISHED_STATUSES: ReadonlySet<DossierStatus> = new Set([
  DossierStatus.RECEIVED,
  DossierStatus.PROCESSING,
  ...PAUSED_STATUSES,
]);
