/**
 * Which tags of an ECR repository are immutable: all (IMMUTABLE), none (MUTABLE), or decided per
 * tag by the repository's exclusion filters (IMMUTABLE_WITH_EXCLUSION, MUTABLE_WITH_EXCLUSION).
 * Pure, so every rule is unit-tested.
 */

export interface ExclusionFilter {
  readonly filterType?: string | undefined;
  readonly filter?: string | undefined;
}

/** A WILDCARD filter as a whole-tag match: `*` is any run of characters (none included), all else literal. */
export function wildcardMatcher(filter: string): (tag: string) => boolean {
  const pattern = filter
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${pattern}$`, 's');
  return (tag) => regex.test(tag);
}

/**
 * Whether a tag is excluded by the filters. A filter this code does not know (a type other than
 * WILDCARD, or no pattern) counts as matching under MUTABLE_WITH_EXCLUSION and not matching under
 * IMMUTABLE_WITH_EXCLUSION, so that an unknown rule makes a tag immutable, never mutable: at worst
 * the run stops before pushing, where ECR would have refused the tag anyway.
 */
function excluded(filters: readonly ExclusionFilter[], tag: string, unknownMatches: boolean): boolean {
  return filters.some((f) =>
    f.filterType === 'WILDCARD' && f.filter ? wildcardMatcher(f.filter)(tag) : unknownMatches,
  );
}

/** A predicate telling, per tag, whether ECR refuses to move it to another image. */
export function immutableTagPredicate(
  mutability: string | undefined,
  filters: readonly ExclusionFilter[] | undefined,
): (tag: string) => boolean {
  const list = filters ?? [];
  switch (mutability) {
    case undefined:
    case 'MUTABLE':
      return () => false;
    case 'IMMUTABLE':
      return () => true;
    case 'IMMUTABLE_WITH_EXCLUSION':
      return (tag) => !excluded(list, tag, false);
    case 'MUTABLE_WITH_EXCLUSION':
      return (tag) => excluded(list, tag, true);
    default:
      // A setting newer than this code: lean to immutable (at worst the run stops before pushing).
      return () => true;
  }
}

/** How the repository's tags behave, for the log: "immutable", "immutable except latest, dev-*", … */
export function describeTagMutability(
  mutability: string | undefined,
  filters: readonly ExclusionFilter[] | undefined,
): string {
  const patterns = (filters ?? []).map((f) => (f.filterType === 'WILDCARD' ? f.filter : `${f.filterType} ${f.filter}`));
  switch (mutability) {
    case undefined:
    case 'MUTABLE':
      return 'mutable';
    case 'IMMUTABLE':
      return 'immutable';
    case 'IMMUTABLE_WITH_EXCLUSION':
      return `immutable except ${patterns.join(', ') || '(no filter)'}`;
    case 'MUTABLE_WITH_EXCLUSION':
      return `mutable except ${patterns.join(', ') || '(no filter)'}, which are immutable`;
    default:
      return `${mutability} (treated as immutable)`;
  }
}
