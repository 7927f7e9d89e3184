/**
 * Folds text for case- and diacritic-insensitive search: "Đăng ký khai sinh" -> "dang ky khai sinh".
 * The same function folds the stored search columns and the user's query, so both always agree
 * (PostgreSQL's unaccent would need an IMMUTABLE wrapper and the contrib package on every server).
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes LIKE wildcards so that user input matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
