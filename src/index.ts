// Source-mapped stack traces only in a debug run: reading the maps costs start-up every run would pay.
if (process.env.RUNNER_DEBUG === '1') process.setSourceMapsEnabled(true);
const { run } = await import('./main.js');
await run();
