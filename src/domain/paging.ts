/** A forward page request by keyset: at most `first` items after the item whose key is `after`. */
export interface PageRequest<K> {
  first: number;
  after: K | null;
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  /** Counted only when asked for: on large filters a count costs more than the page. */
  totalCount: () => Promise<number>;
}

/** Fetch `first + 1` rows, then cut: the extra row only tells whether there is a next page. */
export function pageFrom<T>(rows: T[], first: number, totalCount: () => Promise<number>): Page<T> {
  return { items: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
}
