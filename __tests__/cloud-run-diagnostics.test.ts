/** How a revision that did not become ready is explained: its failing conditions and its logs link. Pure. */
import { describe, expect, it } from 'vitest';
import { failedConditions, revisionLogsLink } from '../src/runtimes/cloud-run/diagnostics.js';

describe('failedConditions', () => {
  it.each<[string, object[], string[]]>([
    [
      'a container that does not start (reason as a number, Ready repeating it)',
      [
        { type: 'Ready', state: 3, revisionReason: 6, message: 'The container failed to start.' },
        { type: 'ContainerHealthy', state: 3, revisionReason: 6, message: 'The container failed to start.' },
        { type: 'ResourcesAvailable', state: 4 },
      ],
      ['Ready (HEALTH_CHECK_CONTAINER_ERROR): The container failed to start.'],
    ],
    [
      'a missing image (reason as a name), Ready put first',
      [
        {
          type: 'ContainerReady',
          state: 'CONDITION_FAILED',
          reason: 'CONTAINER_MISSING',
          message: 'Image x not found.',
        },
        { type: 'Ready', state: 'CONDITION_FAILED', message: "Revision 'web-2' is not ready." },
      ],
      ["Ready: Revision 'web-2' is not ready.", 'ContainerReady (CONTAINER_MISSING): Image x not found.'],
    ],
    [
      'a secret it may not read',
      [{ type: 'Ready', state: 3, reason: 12, message: "Permission denied on secret 'db'." }],
      ["Ready (SECRETS_ACCESS_CHECK_FAILED): Permission denied on secret 'db'."],
    ],
    ['nothing failed', [{ type: 'Ready', state: 4 }], []],
  ])('%s', (_, conditions, lines) => {
    expect(failedConditions(conditions)).toEqual(lines);
  });
});

describe('revisionLogsLink', () => {
  it("is the revision's logUri, else a Logs Explorer query for it", () => {
    expect(revisionLogsLink({ logUri: 'https://console.cloud.google.com/logs/x' }, 'p', 'r', 's', 'rev')).toBe(
      'https://console.cloud.google.com/logs/x',
    );
    const link = revisionLogsLink(undefined, 'demo-project', 'europe-west1', 'web', 'web-00002-abc');
    expect(link).toMatch(/^https:\/\/console\.cloud\.google\.com\/logs\/query;query=/);
    expect(decodeURIComponent(link)).toContain('resource.labels.revision_name="web-00002-abc"');
    expect(link).toMatch(/\?project=demo-project$/);
  });
});
