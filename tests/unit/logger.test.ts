import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';

/** What the logger writes for an error, as parsed JSON lines. */
function logged(write: (logger: ReturnType<typeof createLogger>) => void): Array<Record<string, any>> {
  const lines: string[] = [];
  const destination = new Writable({ write: (chunk, _enc, done) => { lines.push(String(chunk)); done(); } });
  write(createLogger({ level: 'info', destination }));
  return lines.map((l) => JSON.parse(l));
}

describe('logger', () => {
  test('an error with no message (as some resolvers throw) is logged, not a crash of the request', () => {
    const error = Object.assign(new Error(), { message: undefined as unknown as string, code: 'MODULE_NOT_FOUND' });
    const [line] = logged((logger) => logger.error({ err: error }, 'unexpected error handling a request'));
    expect(line!.err).toMatchObject({ code: 'MODULE_NOT_FOUND', message: '' });
  });

  test('a citizen id in an error message is masked but for its last four digits', () => {
    const [line] = logged((logger) => logger.error({ err: new Error('no dossier for 051192003579') }, 'x'));
    expect(line!.err.message).toBe('no dossier for ********3579');
  });
});
