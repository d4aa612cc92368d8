// npm scripts must run on the pinned Node 24 from node_modules/.bin. If the pin did
// not install (npm ci --ignore-scripts, or allowScripts denied `node`), tests would
// silently run on the machine's Node 20: fail loudly instead.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `itops-tui: npm scripts are running on Node ${process.versions.node}, expected the pinned Node 24.\n` +
      'Fix: run `npm ci` again without --ignore-scripts so the `node` devDependency installs its binary.',
  );
  process.exit(1);
}
