/**
 * The layout rules `npm run lint` enforces (dependency-cruiser): no import cycles, platform adapters only
 * at the edge, and pure modules free of IO. See README "Where things live".
 */

// Modules that only compute: they take `now` and data as arguments and touch no database, queue,
// network, file or process.
const PURE = [
  '^src/conversation/',
  '^src/tickets/(lifecycle|code|reporting-method|record|fields)\\.ts$',
  '^src/sla/(priority|calendar|clock|met|targets|timers|duration)\\.ts$',
  '^src/faq/(normalize|matcher|messages|render)\\.ts$',
  '^src/commands/(parse|catat-form)\\.ts$',
  '^src/understand/(?!load\\.ts$)',
  '^src/domain\\.ts$',
  '^src/reports/(?!(load|notes)\\.ts$)',
  '^src/dashboard/(lockout|csrf|filters)\\.ts$',
];

// What counts as IO: our own IO modules and the packages that reach a server, a file or a process.
const IO = [
  '^src/(db|redis|http|pipeline|staff|catalogue|cli)/',
  '^src/escalation/(?!messages\\.ts$)',
  '^src/(app|main|config|logger)\\.ts$',
  '^src/tickets/(store|allocate-code)\\.ts$',
  '^src/reports/(load|notes)\\.ts$',
  '^src/generated/',
  '^adapters/',
  'node_modules/(@prisma|prisma|pg|pg-[^/]+|ioredis|bullmq|fastify|@fastify|@electric-sql|pglite-prisma-adapter|pino|pino-pretty|telegraf|@slack|whatsapp-web\\.js|puppeteer[^/]*)/',
  '^(node:)?(fs|fs/promises|net|http|https|child_process|cluster|dgram|worker_threads)$',
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: move what both sides need into a module of its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'adapters-only-at-the-edge',
      severity: 'error',
      comment: 'Platform adapters are built by the composition root (src/app.ts) alone.',
      from: { path: '^src/', pathNot: '^src/app\\.ts$' },
      to: { path: '^adapters/' },
    },
    {
      name: 'adapters-apart',
      severity: 'error',
      comment: 'One adapter does not import another; shared code belongs in src/.',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^adapters/', pathNot: '^adapters/$1/' },
    },
    {
      name: 'pure-modules-do-no-io',
      severity: 'error',
      comment:
        'A pure module (conversation engine, ticket rules, SLA math, FAQ, command parsing) does no IO.',
      from: { path: PURE },
      // A type is no IO: a pure module may name the shape of a thing an IO module makes.
      to: { path: IO, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-test-code-in-the-app',
      severity: 'error',
      from: { path: '^(src|adapters)/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
