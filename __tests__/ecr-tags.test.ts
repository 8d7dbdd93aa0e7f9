import { describe, expect, it } from 'vitest';
import { describeTagMutability, immutableTagPredicate, wildcardMatcher } from '../src/registries/ecr-tags.js';

const wildcard = (filter: string) => ({ filterType: 'WILDCARD', filter });

describe('wildcardMatcher (ECR WILDCARD exclusion filters)', () => {
  it.each([
    ['latest', 'latest', true],
    ['latest', 'latest-1', false],
    ['latest', 'xlatest', false],
    ['dev-*', 'dev-', true],
    ['dev-*', 'dev-feature.1', true],
    ['dev-*', 'prod-dev-1', false],
    ['*-rc', '1.0-rc', true],
    ['*-rc', '1.0-rc2', false],
    ['v*.*', 'v1.2', true],
    ['v*.*', 'v12', false],
    ['1.0', '1x0', false],
    ['*', 'anything', true],
    ['Latest', 'latest', false],
  ])('%s matches %s: %s', (filter, tag, expected) => {
    expect(wildcardMatcher(filter)(tag)).toBe(expected);
  });
});

describe('immutableTagPredicate', () => {
  it('MUTABLE (and no setting) never refuses; IMMUTABLE always does', () => {
    expect(immutableTagPredicate('MUTABLE', undefined)('1.0')).toBe(false);
    expect(immutableTagPredicate(undefined, undefined)('1.0')).toBe(false);
    expect(immutableTagPredicate('IMMUTABLE', undefined)('latest')).toBe(true);
  });

  it('IMMUTABLE_WITH_EXCLUSION: immutable unless a filter matches', () => {
    const immutable = immutableTagPredicate('IMMUTABLE_WITH_EXCLUSION', [wildcard('latest'), wildcard('dev-*')]);
    expect(['1.0', 'latest', 'dev-x', 'latest2', 'dev'].map(immutable)).toEqual([true, false, false, true, true]);
  });

  it('MUTABLE_WITH_EXCLUSION: mutable unless a filter matches', () => {
    const immutable = immutableTagPredicate('MUTABLE_WITH_EXCLUSION', [wildcard('release-*'), wildcard('v*')]);
    expect(['latest', 'release-3', 'v1.2.0', 'dev-release-3'].map(immutable)).toEqual([false, true, true, false]);
  });

  it('a filter it does not know makes tags immutable, never mutable', () => {
    const unknown = [{ filterType: 'REGEX', filter: '.*' }];
    expect(immutableTagPredicate('IMMUTABLE_WITH_EXCLUSION', unknown)('latest')).toBe(true);
    expect(immutableTagPredicate('MUTABLE_WITH_EXCLUSION', unknown)('latest')).toBe(true);
    expect(immutableTagPredicate('SOMETHING_NEW', undefined)('latest')).toBe(true);
  });
});

describe('describeTagMutability', () => {
  it.each([
    ['MUTABLE', undefined, 'mutable'],
    ['IMMUTABLE', undefined, 'immutable'],
    ['IMMUTABLE_WITH_EXCLUSION', [wildcard('latest'), wildcard('dev-*')], 'immutable except latest, dev-*'],
    ['MUTABLE_WITH_EXCLUSION', [wildcard('release-*')], 'mutable except release-*, which are immutable'],
  ])('%s', (mutability, filters, expected) => {
    expect(describeTagMutability(mutability, filters)).toBe(expected);
  });
});
