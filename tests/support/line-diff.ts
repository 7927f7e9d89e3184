/**
 * A unified-style line diff (longest common subsequence), enough to show which part of a
 * generated file went stale: changed lines with `context` lines around them, at most `limit` lines.
 */
export function lineDiff(expected: string, actual: string, options: { context?: number; limit?: number } = {}): string[] {
  const context = options.context ?? 2;
  const limit = options.limit ?? 60;
  const a = expected.split('\n');
  const b = actual.split('\n');
  // lcs[i][j] = length of the LCS of a[i..] and b[j..]
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: { kind: ' ' | '-' | '+'; line: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]! });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      ops.push({ kind: '-', line: a[i++]! });
    } else {
      ops.push({ kind: '+', line: b[j++]! });
    }
  }
  const shown = ops.map((op, k) => op.kind !== ' ' || ops.slice(Math.max(0, k - context), k + context + 1).some((o) => o.kind !== ' '));
  const out: string[] = [];
  ops.forEach((op, k) => {
    if (!shown[k]) {
      if (out.at(-1) !== '...') out.push('...');
      return;
    }
    out.push(`${op.kind} ${op.line}`);
  });
  return out.length > limit ? [...out.slice(0, limit), `... (${out.length - limit} more lines)`] : out;
}
