// The boundary check (`npm run lint`, so CI runs it): the modules of src/ depend on each other one
// way, and nothing imports in a cycle. docs/architecture.md draws the same picture.
//
// An area is a folder of src/ (collect, store, ...) or a file at its top (types.ts, errors.ts, ...).
// Each area lists the areas it may import; everything else in src/ is an upward import and an error.
// Type-only imports count: a type-level cycle ties the modules together just the same.

/** The bottom: shared types, errors, helpers. They import nothing above them. */
const BASE = ['types', 'errors', 'paths', 'failpoint', 'util', 'model', 'log'];

/** Area → the areas it may import (besides itself). Read bottom-up: stages, then library, then CLI. */
const ALLOWED = {
  types: [],
  errors: [],
  paths: [],
  failpoint: [],
  util: ['errors', 'types'],
  model: ['types', 'errors', 'util'],
  log: ['util'],
  // Stages of the flow: collect → enrich → policy → store; report and notify read the store.
  collect: BASE,
  enrich: BASE,
  policy: BASE,
  frameworks: BASE,
  // A data migration applies the collector's Secret sanitiser to databases written before it.
  store: [...BASE, 'collect/k8s/sanitize'],
  mutes: [...BASE, 'store'],
  report: [...BASE, 'store', 'frameworks', 'mutes'],
  notify: [...BASE, 'store', 'mutes', 'report'],
  // Orchestration of one scan: enrich, evaluate, record, queue alerts.
  scan: [...BASE, 'enrich', 'policy', 'store', 'notify'],
  // Detection reads CloudTrail with the AWS session helpers, records signals, queues alerts.
  detect: [...BASE, 'collect', 'store', 'notify'],
  config: [...BASE, 'notify', 'store', 'scan', 'mutes'],
  // Distributed mode: the queue, planning runs into jobs, and the worker that runs them (one scan's stages per job; a detection job runs the detection engine).
  jobs: [...BASE, 'collect', 'enrich', 'policy', 'store', 'notify', 'scan', 'config', 'mutes', 'detect'],
  schedule: [...BASE, 'collect', 'config', 'notify', 'store', 'jobs'],
  // The library: everything the CLI does, callable from code.
  api: [
    ...BASE,
    'collect',
    'enrich',
    'policy',
    'frameworks',
    'store',
    'mutes',
    'report',
    'notify',
    'scan',
    'detect',
    'config',
    'schedule',
    'jobs',
  ],
  index: [
    ...BASE,
    'api',
    'collect',
    'policy',
    'frameworks',
    'store',
    'report',
    'notify',
    'scan',
    'detect',
    'config',
  ],
  // The web console's server: the library's API over HTTP.
  serve: [...BASE, 'index'],
  // The CLI: on top of everything.
  cli: [
    'serve',
    ...BASE,
    'index',
    'api',
    'collect',
    'enrich',
    'policy',
    'frameworks',
    'store',
    'mutes',
    'report',
    'notify',
    'scan',
    'detect',
    'config',
    'schedule',
    'jobs',
  ],
};

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A path regex for an area: src/<name>.ts or anything under src/<name>/. */
const area = (name) => `^src/${escapeRegExp(name)}(\\.ts$|/)`;

const layerRules = Object.entries(ALLOWED).map(([name, allowed]) => ({
  name: `layer-${name}`,
  comment: `src/${name} may import only: ${allowed.length ? allowed.join(', ') : 'nothing in src/'} (docs/architecture.md)`,
  severity: 'error',
  from: { path: area(name) },
  to: { path: '^src/', pathNot: [name, ...allowed].map(area) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'a cycle ties modules together: neither can change or be understood without the other',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-unknown-area',
      comment: 'every folder and top-level file of src/ has its place in ALLOWED (.dependency-cruiser.cjs)',
      severity: 'error',
      from: { path: '^src/', pathNot: Object.keys(ALLOWED).map(area) },
      to: {},
    },
    {
      name: 'no-import-outside-src',
      comment: 'the library runs from dist/: it imports no build script, test or benchmark',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(scripts|test|bench|dist)/' },
    },
    {
      name: 'no-dev-dependency-in-src',
      comment: 'src/ runs where only dependencies are installed',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    exclude: { path: '\\.d\\.ts$' },
  },
};
