// Source maps stay in dist/ but are not read by default: reading them costs every run's start-up.
// For stack traces in src/ terms (the debug log prints them), set NODE_OPTIONS=--enable-source-maps on the step.
import { run } from './main.js';

await run();
