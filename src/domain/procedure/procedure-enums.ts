/** Whether a procedure is handled at province or commune level. */
export enum ProcedureLevel {
  PROVINCE = 'PROVINCE',
  COMMUNE = 'COMMUNE',
}

/** How far a procedure can be done online: toàn trình, một phần, or in person only. */
export enum OnlineLevel {
  FULL = 'FULL',
  PARTIAL = 'PARTIAL',
  NONE = 'NONE',
}
