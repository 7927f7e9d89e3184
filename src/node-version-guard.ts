/**
 * Fails fast on the wrong Node.js. The project pins Node 24 through the `node` devDependency, so
 * every npm script runs on it; running `node` directly from a machine with another major (the
 * machines here ship Node 20) would fail later in obscure ways instead.
 */
const REQUIRED_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);
if (major !== REQUIRED_MAJOR) {
  process.stderr.write(
    `motcua needs Node.js ${REQUIRED_MAJOR} (found ${process.versions.node}). ` +
      `Run it through npm (npm start, npm test, npm run ...), which uses the Node ${REQUIRED_MAJOR} ` +
      `installed in node_modules by the "node" devDependency; run "npm install" first if it is missing.\n`,
  );
  process.exit(1);
}
export {};
