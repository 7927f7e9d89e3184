/** Names and ids for demo people, and the seeded random source that makes the demo repeatable. */

export const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Hoàng', 'Võ', 'Phan', 'Trương', 'Bùi', 'Đặng', 'Đỗ', 'Ngô', 'Hồ', 'Dương', 'Đinh'];
export const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Thanh', 'Quốc', 'Hữu', 'Thu', 'Đức', 'Gia', 'Bảo', 'Xuân'];
export const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Hải', 'Hùng', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Trang', 'Tuấn', 'Vy', 'Yến'];
export const BIRTH_PROVINCES = ['051', '052', '049', '048', '079', '001', '062', '064'];

/** mulberry32: a small, fast, seeded PRNG, so the demo is the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export function pickWith(random: Random) {
  return <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
}

export function demoFullName(random: Random, middle?: string): string {
  const pick = pickWith(random);
  return `${pick(FAMILY)} ${middle ?? pick(MIDDLE)} ${pick(GIVEN)}`;
}

/**
 * A well-formed citizen id for someone born in `year` (see domain/citizen/citizen-id.ts); its
 * fourth digit says century and sex (even: male, odd: female).
 */
export function demoCitizenId(random: Random, year: number, sex: 'NAM' | 'NU' = random() < 0.5 ? 'NAM' : 'NU'): string {
  const century = (year >= 2000 ? 2 : 0) + (sex === 'NAM' ? 0 : 1);
  const serial = String(Math.floor(random() * 1_000_000)).padStart(6, '0');
  return `${pickWith(random)(BIRTH_PROVINCES)}${century}${String(year % 100).padStart(2, '0')}${serial}`;
}

/** The sex a citizen id carries in its fourth digit. */
export function sexOf(citizenId: string): 'NAM' | 'NU' {
  return Number(citizenId[3]) % 2 === 0 ? 'NAM' : 'NU';
}

/** The year of birth a citizen id carries (century digit and two digits of the year). */
export function birthYearOf(citizenId: string): number {
  return (Number(citizenId[3]) < 2 ? 1900 : 2000) + Number(citizenId.slice(4, 6));
}
