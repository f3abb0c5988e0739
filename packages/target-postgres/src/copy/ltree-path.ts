// hierarchyid paths <-> ltree labels. A path `/1/3.5/-2/` is the ltree `1.3_5.m2`: one label per
// level, `.` inside a level written `_` and a minus sign `m` (ltree labels hold letters, digits and
// `_`), so the mapping is one-to-one; the root `/` is the empty ltree.

/** `/1/3.5/-2/` -> `1.3_5.m2`. The path is one the source checked (see the value contract). */
export function pathToLtree(path: string): string {
  return path
    .slice(1, -1)
    .split('/')
    .map((level) => level.replaceAll('.', '_').replaceAll('-', 'm'))
    .join('.');
}

/** `1.3_5.m2` -> `/1/3.5/-2/`, the inverse of `pathToLtree`. */
export function ltreeToPath(labels: string): string {
  if (labels === '') return '/';
  return `/${labels.replaceAll('.', '/').replaceAll('_', '.').replaceAll('m', '-')}/`;
}
