import type { ConnectorPorts } from './connector-ports.js';
import type { ConnectorWorkers } from './connector-workers.js';

/**
 * The connector layer of a running application as operators' tools, benchmarks and tests reach
 * it: both phases, and the few things they call most, by their old names.
 */
export class ConnectorLayer {
  constructor(
    readonly ports: ConnectorPorts,
    readonly workers: ConnectorWorkers,
  ) {}

  get entries() {
    return this.ports.entries;
  }

  get states() {
    return this.ports.states;
  }

  entry(key: string) {
    return this.ports.entry(key);
  }

  countRemote(...args: Parameters<ConnectorPorts['countRemote']>) {
    return this.ports.countRemote(...args);
  }

  pollResults() {
    return this.workers.pollResults();
  }

  recheckIdentities() {
    return this.workers.recheckIdentities();
  }
}
