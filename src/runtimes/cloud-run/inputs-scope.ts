/**
 * Where and for what the step deploys: gcp-region as a list (one region, or several: regions.ts),
 * and preview (a pull request's preview: previews.ts).
 */
import type { InputContext } from '../../input-reader.js';

/**
 * The regions, in the order given (the first one's URL and revision are the `url` and `revision`
 * outputs). Newline- or comma-separated; a repeated region is given once. Without the input,
 * CLOUDSDK_RUN_REGION (gcloud's run/region), which holds one region.
 */
export function readRegions(
  ctx: InputContext,
  env: NodeJS.ProcessEnv,
  regionProblem: (region: string) => string | undefined,
): string[] {
  const given = ctx.list('gcp-region');
  const regions = given.length > 0 ? given : env.CLOUDSDK_RUN_REGION ? [env.CLOUDSDK_RUN_REGION.trim()] : [];
  if (regions.length === 0) {
    ctx.problem('gcp-region', 'is required with runtime cloud-run, e.g. us-central1');
    return [];
  }
  let bad = false;
  for (const region of regions) {
    const problem = regionProblem(region);
    if (problem) {
      ctx.problem('gcp-region', problem);
      bad = true;
    }
  }
  return bad ? [] : regions;
}

/**
 * Reads `preview`. It deploys on an open pull request and cleans up on its close, so it needs
 * deploy-when: always (another rule would plan the one or skip the other), and a service.
 */
export function readPreview(ctx: InputContext, isJob: boolean): boolean {
  const preview = ctx.boolean('preview', false);
  if (!preview) return false;
  const rules = ctx.list('deploy-when');
  if (rules.length > 0 && (rules.length !== 1 || rules[0] !== 'always'))
    ctx.problem(
      'preview',
      `needs deploy-when: always (it is "${rules.join(', ')}"): a preview deploys while the pull request is open and is taken down when it closes`,
    );
  if (isJob) ctx.problem('preview', 'applies to a Cloud Run service (cloud-run-service), not to a job');
  if (ctx.read('revision-tag') !== '')
    ctx.problem('preview', 'tags the revision pr-NUMBER itself: leave revision-tag out');
  return true;
}
