import type { CalendarException } from './working-calendar.js';

/**
 * Reference calendar of exceptions for civil servants, 2025-2027, seeded on every install.
 *
 * Sources: Labor Code 2019 art. 112 (1/1; Tết 5 days; Giỗ Tổ Hùng Vương 10/3 lunar; 30/4; 1/5;
 * 2/9 plus one adjacent day; from 2026 also 24/11 "Ngày Văn hóa Việt Nam"), the compensatory day
 * off when a holiday falls on a weekend, and the swaps the government announced (a weekday off
 * worked back on a Saturday). Only exceptions to "Monday-Friday work" matter for deadlines; holidays
 * that fall on a weekend are listed too, so that `calendar(year)` reads like the official notice.
 *
 * The year's data is editable with `setCalendar` (a system administrator does this when the
 * government announces the year's schedule; provinces lay their own days over it with
 * `setProvinceCalendar`); 2027 Tết is an estimate until announced. The database got these rows from
 * the Foundation migration and Migration20261204210000CalendarCorrections; this list is the same
 * calendar for pure code and tests (a test checks that both agree).
 */
export const VIETNAM_CALENDAR_2025_2027: readonly CalendarException[] = [
  // 2025
  { date: '2025-01-01', working: false, name: 'Tết Dương lịch' },
  { date: '2025-01-25', working: false, name: 'Nghỉ Tết Nguyên đán Ất Tỵ' },
  { date: '2025-01-26', working: false, name: 'Nghỉ Tết Nguyên đán Ất Tỵ' },
  // Tết Ất Tỵ: the break 25/01-02/02 is exactly the five Tết weekdays 27-31/01, with no make-up Saturday
  // (notice of the Ministry of Labour, Invalids and Social Affairs on Tết 2025; 15/02 is NOT worked).
  { date: '2025-01-27', working: false, name: 'Tết Nguyên đán Ất Tỵ (28 Tết)' },
  { date: '2025-01-28', working: false, name: 'Tết Nguyên đán Ất Tỵ (29 Tết)' },
  { date: '2025-01-29', working: false, name: 'Tết Nguyên đán Ất Tỵ (mùng 1)' },
  { date: '2025-01-30', working: false, name: 'Tết Nguyên đán Ất Tỵ (mùng 2)' },
  { date: '2025-01-31', working: false, name: 'Tết Nguyên đán Ất Tỵ (mùng 3)' },
  { date: '2025-02-01', working: false, name: 'Nghỉ Tết Nguyên đán Ất Tỵ' },
  { date: '2025-02-02', working: false, name: 'Nghỉ Tết Nguyên đán Ất Tỵ' },
  { date: '2025-04-07', working: false, name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
  { date: '2025-04-26', working: true, name: 'Làm bù cho ngày 02/05' },
  { date: '2025-04-30', working: false, name: 'Ngày Chiến thắng' },
  { date: '2025-05-01', working: false, name: 'Ngày Quốc tế Lao động' },
  { date: '2025-05-02', working: false, name: 'Nghỉ hoán đổi (làm bù 26/04)' },
  { date: '2025-09-01', working: false, name: 'Quốc khánh (ngày liền kề)' },
  { date: '2025-09-02', working: false, name: 'Quốc khánh' },
  // 2026
  { date: '2026-01-01', working: false, name: 'Tết Dương lịch' },
  // Văn phòng Chính phủ, notice of 25/12/2025: 02/01/2026 off, worked back on Saturday 10/01/2026.
  { date: '2026-01-02', working: false, name: 'Nghỉ Tết Dương lịch (làm bù thứ Bảy 10/01/2026)' },
  { date: '2026-01-10', working: true, name: 'Làm bù cho ngày 02/01/2026' },
  { date: '2026-02-14', working: false, name: 'Nghỉ Tết Nguyên đán Bính Ngọ' },
  { date: '2026-02-15', working: false, name: 'Nghỉ Tết Nguyên đán Bính Ngọ' },
  { date: '2026-02-16', working: false, name: 'Tết Nguyên đán Bính Ngọ (29 Tết)' },
  { date: '2026-02-17', working: false, name: 'Tết Nguyên đán Bính Ngọ (mùng 1)' },
  { date: '2026-02-18', working: false, name: 'Tết Nguyên đán Bính Ngọ (mùng 2)' },
  { date: '2026-02-19', working: false, name: 'Tết Nguyên đán Bính Ngọ (mùng 3)' },
  { date: '2026-02-20', working: false, name: 'Tết Nguyên đán Bính Ngọ (mùng 4)' },
  { date: '2026-02-21', working: false, name: 'Nghỉ Tết Nguyên đán Bính Ngọ' },
  { date: '2026-02-22', working: false, name: 'Nghỉ Tết Nguyên đán Bính Ngọ' },
  { date: '2026-04-26', working: false, name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
  { date: '2026-04-27', working: false, name: 'Nghỉ bù Giỗ Tổ Hùng Vương' },
  { date: '2026-04-30', working: false, name: 'Ngày Chiến thắng' },
  { date: '2026-05-01', working: false, name: 'Ngày Quốc tế Lao động' },
  // National Day 2026 as announced in 10/2025 (Ministry of Home Affairs): 31/08 off, worked back on
  // Saturday 22/08; to be confirmed against the final notice.
  { date: '2026-08-22', working: true, name: 'Làm bù cho ngày 31/08/2026' },
  { date: '2026-08-31', working: false, name: 'Nghỉ Quốc khánh (làm bù thứ Bảy 22/08/2026)' },
  { date: '2026-09-01', working: false, name: 'Quốc khánh (ngày liền kề)' },
  { date: '2026-09-02', working: false, name: 'Quốc khánh' },
  { date: '2026-11-24', working: false, name: 'Ngày Văn hóa Việt Nam' },
  // 2027 (Tết to be confirmed by the government's announcement)
  { date: '2027-01-01', working: false, name: 'Tết Dương lịch' },
  { date: '2027-02-05', working: false, name: 'Tết Nguyên đán Đinh Mùi (30 Tết, dự kiến)' },
  { date: '2027-02-06', working: false, name: 'Tết Nguyên đán Đinh Mùi (mùng 1)' },
  { date: '2027-02-07', working: false, name: 'Tết Nguyên đán Đinh Mùi (mùng 2)' },
  { date: '2027-02-08', working: false, name: 'Tết Nguyên đán Đinh Mùi (mùng 3)' },
  { date: '2027-02-09', working: false, name: 'Tết Nguyên đán Đinh Mùi (mùng 4)' },
  { date: '2027-02-10', working: false, name: 'Nghỉ bù Tết Nguyên đán (mùng 1 trùng thứ Bảy, dự kiến)' },
  { date: '2027-02-11', working: false, name: 'Nghỉ bù Tết Nguyên đán (mùng 2 trùng Chủ nhật, dự kiến)' },
  { date: '2027-04-16', working: false, name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
  { date: '2027-04-30', working: false, name: 'Ngày Chiến thắng' },
  { date: '2027-05-01', working: false, name: 'Ngày Quốc tế Lao động' },
  { date: '2027-05-03', working: false, name: 'Nghỉ bù Ngày Quốc tế Lao động' },
  { date: '2027-09-02', working: false, name: 'Quốc khánh' },
  { date: '2027-09-03', working: false, name: 'Quốc khánh (ngày liền kề)' },
  { date: '2027-11-24', working: false, name: 'Ngày Văn hóa Việt Nam' },
];
