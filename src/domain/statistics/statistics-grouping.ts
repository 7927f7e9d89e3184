/** How a statistics period is broken into rows (contract: StatisticsGrouping). */
export enum StatisticsGrouping {
  /** One row, key "ALL": the unit (a province with all its communes). */
  NONE = 'NONE',
  /** One row per unit: a province's own center and each of its communes. */
  UNIT = 'UNIT',
  /** One row per field (lĩnh vực) with dossiers in the period. */
  FIELD = 'FIELD',
  /** One row per procedure with dossiers in the period. */
  PROCEDURE = 'PROCEDURE',
  /** One row per channel (ONLINE, IN_PERSON, POSTAL). */
  CHANNEL = 'CHANNEL',
  /** One row per day of the period, each that day's own figures. */
  DAY = 'DAY',
  /** One row per month the period touches, each that month's part of the period. */
  MONTH = 'MONTH',
}
