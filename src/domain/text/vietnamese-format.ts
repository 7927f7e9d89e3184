import { localDateOf, localMinutesOf, type LocalDate } from '../time/local-time.js';

/** Dates and times the Vietnamese way, in Asia/Ho_Chi_Minh: 05/03/2026, 09:30 ngày 05/03/2026. */
export function formatDate(date: LocalDate): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

function formatTime(instant: Date): string {
  const minutes = localMinutesOf(instant);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function formatDateTime(instant: Date): string {
  return `${formatTime(instant)} ngày ${formatDate(localDateOf(instant))}`;
}

/** "ngày 05 tháng 03 năm 2026", as administrative documents write the date they were issued. */
export function formatLongDate(date: LocalDate): string {
  const [y, m, d] = date.split('-');
  return `ngày ${d} tháng ${m} năm ${y}`;
}
