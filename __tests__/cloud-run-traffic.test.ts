/** Traffic splits, pure: parsing lines, resolving tags, keeping tags, and the plan's before/after. */
import { describe, expect, it } from 'vitest';
import {
  applySplit,
  describeTraffic,
  parseSplit,
  sameTraffic,
  tagTargets,
  type SplitEntry,
} from '../src/runtimes/cloud-run/traffic.js';
import type { CloudRunInputs } from '../src/runtimes/cloud-run/inputs.js';
import { renderService, type Service } from '../src/runtimes/cloud-run/render.js';

const LATEST = 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST' as const;
const REVISION = 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION' as const;

describe('parseSplit', () => {
  it.each<[string, SplitEntry[]]>([
    ['LATEST=100', [{ kind: 'latest', percent: 100 }]],
    [
      ' LATEST = 10 \nweb-00042-abc=90',
      [
        { kind: 'latest', percent: 10 },
        { kind: 'revision', revision: 'web-00042-abc', percent: 90 },
      ],
    ],
    [
      'TAG=pr-5:100\nweb-1=0',
      [
        { kind: 'tag', tag: 'pr-5', percent: 100 },
        { kind: 'revision', revision: 'web-1', percent: 0 },
      ],
    ],
  ])('reads %j', (text, entries) => {
    expect(parseSplit(text)).toEqual({ entries, problems: [] });
  });

  it('reports every problem at once', () => {
    expect(parseSplit('LATEST=50\nTAG=:10\nx=y=z\nweb-1=101').problems).toEqual([
      'line 2 ("TAG=:10"): name the tag, e.g. TAG=pr-5:100 (lower-case letters, digits and hyphens)',
      'line 3 ("x=y=z") is not LATEST=PERCENT, REVISION=PERCENT or TAG=NAME:PERCENT, e.g. LATEST=100',
      'line 4 ("web-1=101"): 101 is not a whole percentage from 0 to 100',
    ]);
  });
});

const current = [
  { type: LATEST, percent: 100 },
  { type: REVISION, revision: 'web-00001-old', percent: 0, tag: 'stable' },
  { type: LATEST, percent: 0, tag: 'head' },
  { type: REVISION, revision: 'web-00003-pr', percent: 0, tag: 'pr-5' },
];
const statuses = [
  { type: LATEST, revision: 'web-00004-new', percent: 100 },
  { type: REVISION, revision: 'web-00001-old', percent: 0, tag: 'stable' },
  { type: LATEST, revision: 'web-00004-new', percent: 0, tag: 'head' },
  { type: REVISION, revision: 'web-00003-pr', percent: 0, tag: 'pr-5' },
];

describe('applySplit', () => {
  it('resolves tags to the revision they point to, LATEST-tags through trafficStatuses', () => {
    expect(tagTargets(current, statuses, 'web-00004-new')).toEqual(
      new Map([
        ['stable', 'web-00001-old'],
        ['head', 'web-00004-new'],
        ['pr-5', 'web-00003-pr'],
      ]),
    );
    expect(tagTargets(current, [], 'web-00004-new').get('head')).toBe('web-00004-new');
  });

  it.each<[string, SplitEntry[], object[]]>([
    [
      'promote: all to a tagged revision, every tag kept where it was',
      [{ kind: 'tag', tag: 'pr-5', percent: 100 }],
      [
        { type: REVISION, revision: 'web-00003-pr', percent: 100, tag: 'pr-5' },
        { type: REVISION, revision: 'web-00001-old', percent: 0, tag: 'stable' },
        { type: LATEST, percent: 0, tag: 'head' },
      ],
    ],
    [
      'a canary: LATEST 10, a revision 90',
      [
        { kind: 'latest', percent: 10 },
        { kind: 'revision', revision: 'web-00001-old', percent: 90 },
      ],
      [
        { type: LATEST, percent: 10, tag: 'head' },
        { type: REVISION, revision: 'web-00001-old', percent: 90, tag: 'stable' },
        { type: REVISION, revision: 'web-00003-pr', percent: 0, tag: 'pr-5' },
      ],
    ],
  ])('%s', (_, split, expected) => {
    expect(applySplit(current, statuses, 'web-00004-new', split)).toEqual(expected);
  });

  it('puts a second tag on the same revision in an entry of its own', () => {
    const two = [
      { type: REVISION, revision: 'web-1', percent: 100, tag: 'a' },
      { type: REVISION, revision: 'web-1', percent: 0, tag: 'b' },
    ];
    expect(applySplit(two, [], 'web-1', [{ kind: 'revision', revision: 'web-1', percent: 100 }])).toEqual([
      { type: REVISION, revision: 'web-1', percent: 100, tag: 'a' },
      { type: REVISION, revision: 'web-1', percent: 0, tag: 'b' },
    ]);
  });

  it('refuses a tag that points nowhere', () => {
    expect(() => applySplit([], [], 'web-1', [{ kind: 'tag', tag: 'gone', percent: 100 }])).toThrow(
      'tag gone points to no revision',
    );
  });
});

describe('describeTraffic and sameTraffic', () => {
  it('reads as people read traffic', () => {
    expect(describeTraffic(current, 'web-00004-new')).toBe(
      '100% LATEST (web-00004-new), tag stable → web-00001-old, tag head → LATEST, tag pr-5 → web-00003-pr',
    );
    expect(describeTraffic([], '')).toBe('100% LATEST');
  });
  it('compares whatever the order and enum encoding', () => {
    expect(sameTraffic([], [{ type: 1, percent: 100 }])).toBe(true);
    expect(
      sameTraffic(
        [
          { type: 2, revision: 'a', percent: 50 },
          { type: LATEST, percent: 50 },
        ],
        [
          { type: 1, percent: 50 },
          { type: REVISION, revision: 'a', percent: 50 },
        ],
      ),
    ).toBe(true);
    expect(sameTraffic([{ type: 1, percent: 100 }], [{ type: 2, revision: 'a', percent: 100 }])).toBe(false);
  });
});

describe('renderService with a split', () => {
  const NAME = 'projects/p/locations/us-central1/services/web';
  const existing: Service = {
    name: NAME,
    template: { containers: [{ image: 'old' }] },
    latestReadyRevision: `${NAME}/revisions/web-00001-old`,
    traffic: [{ type: LATEST, percent: 100 }],
    trafficStatuses: [{ type: LATEST, revision: 'web-00001-old', percent: 100 }],
  };
  const inputs = (traffic: SplitEntry[], revisionSuffix?: string): CloudRunInputs => ({
    project: 'p',
    region: 'us-central1',
    target: { kind: 'service', name: 'web', noTraffic: false, revisionTag: undefined, revisionSuffix, traffic },
    env: {},
    secrets: {},
    flags: {},
    waitTimeoutSeconds: 600,
  });
  const render = (traffic: SplitEntry[], image = 'new', service = existing) => {
    const given = inputs(traffic, image === 'new' ? 'v2' : undefined);
    return renderService(service, given, given.target as never, image);
  };

  it('holds the new revision back until it is ready, and plans the traffic before and after', () => {
    const rendered = render([
      { kind: 'latest', percent: 10 },
      { kind: 'revision', revision: 'web-00001-old', percent: 90 },
    ]);
    expect(rendered.service.traffic).toEqual([{ type: REVISION, revision: 'web-00001-old', percent: 100 }]);
    expect(rendered.changes).toContain('traffic: stays on web-00001-old until the new revision is ready');
    expect(rendered.trafficPlan).toEqual([
      'traffic before: 100% LATEST (web-00001-old)',
      'traffic after the new revision is ready: 10% LATEST (web-v2), 90% web-00001-old',
    ]);
  });

  it('with no new revision, changes no traffic in the update and plans only the split', () => {
    const rendered = render([{ kind: 'revision', revision: 'web-00001-old', percent: 100 }], 'old');
    expect(rendered.changes).toEqual([]);
    expect(rendered.updateMask).toEqual([]);
    expect(rendered.trafficPlan).toEqual([
      'traffic before: 100% LATEST (web-00001-old)',
      'traffic after: 100% web-00001-old',
    ]);
    expect(render([{ kind: 'latest', percent: 100 }], 'old').trafficPlan).toEqual([
      'traffic: 100% LATEST (web-00001-old) (as cloud-run-traffic asks already)',
    ]);
  });
});
