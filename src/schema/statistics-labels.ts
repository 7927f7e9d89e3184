import { Channel } from '../domain/vocabulary/dossier-enums.js';
import { formatDate } from '../domain/text/vietnamese-format.js';
import { CHANNEL_LABELS } from '../domain/text/vietnamese-labels.js';
import { StatisticsGrouping } from '../domain/statistics/statistics-grouping.js';
import type { StatisticsRow } from '../domain/statistics/statistics.service.js';
import type { Language } from './messages.js';

/**
 * Human labels of statistics rows: the name of the unit, field or procedure as the catalogue has
 * it (Vietnamese), and for channels and dates a wording in the request's language. Shared by the
 * GraphQL API and the CSV export so that both show the same rows the same way.
 */
const CHANNEL_WORDING: Readonly<Record<Language, Record<Channel, string>>> = {
  vi: CHANNEL_LABELS,
  en: { ONLINE: 'Online', IN_PERSON: 'In person', POSTAL: 'Postal' },
};

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function statisticsLabel(groupBy: StatisticsGrouping, row: Pick<StatisticsRow, 'key' | 'name'>, lang: Language): string {
  switch (groupBy) {
    case StatisticsGrouping.CHANNEL:
      return CHANNEL_WORDING[lang][row.key as Channel] ?? row.key;
    case StatisticsGrouping.DAY:
      return lang === 'vi' ? formatDate(row.key) : row.key;
    case StatisticsGrouping.MONTH: {
      const [y, m] = row.key.split('-');
      return lang === 'vi' ? `Tháng ${m}/${y}` : `${EN_MONTHS[Number(m) - 1]} ${y}`;
    }
    default:
      return row.name ?? row.key;
  }
}
