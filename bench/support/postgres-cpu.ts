import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ: /proc reports CPU times in these ticks on Linux

/**
 * CPU used so far by every PostgreSQL process on this machine (backends, WAL writer,
 * checkpointer...), in ms, from /proc; 0 where /proc is missing. The benches run one throwaway
 * cluster, so this is the database's share of a run: with the server's own CPU it tells whether
 * a request costs its time in the application or in the database (both share the same cores).
 */
export function postgresCpuMs(): number {
  let ticks = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid ..." : comm may hold spaces, so split after its closing parenthesis.
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      // utime, stime, cutime, cstime (fields 14-17 of stat): the last two hold the CPU of the
      // postmaster's children that ended (a backend whose connection closed keeps counting).
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
