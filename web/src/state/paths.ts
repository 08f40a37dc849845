/** Reading and writing a scenario's leaves by dotted path (`arms.poc.mfgDays.median`). */

type Tree = Record<string, unknown>;

const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at a dotted path, or undefined. */
export function getPath(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const key of path.split('.')) {
    if (!isTree(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/**
 * A copy of `root` with the value at `path` replaced (objects on the way are copied, the rest
 * shared). Keys are defined as own properties, so a key such as `__proto__` stays a plain
 * (and then refused) field instead of reaching a prototype.
 */
export function setPath<T>(root: T, path: string, value: unknown): T {
  const keys = path.split('.');
  const copy = (node: unknown, i: number): unknown => {
    const out: Tree = isTree(node) ? { ...node } : {};
    const key = keys[i];
    const child = i === keys.length - 1 ? value : copy(isTree(node) && Object.hasOwn(node, key) ? node[key] : undefined, i + 1);
    Object.defineProperty(out, key, { value: child, enumerable: true, writable: true, configurable: true });
    return out;
  };
  return copy(root, 0) as T;
}

/** A copy of `root` without the key at `path` (objects on the way copied); the same tree when there is none. */
export function deletePath<T>(root: T, path: string): T {
  const keys = path.split('.');
  const strip = (node: unknown, i: number): unknown => {
    if (!isTree(node) || !Object.hasOwn(node, keys[i])) return node;
    const out: Tree = { ...node };
    if (i === keys.length - 1) delete out[keys[i]];
    else out[keys[i]] = strip(node[keys[i]], i + 1);
    return out;
  };
  return strip(root, 0) as T;
}

/** Dotted paths of every leaf (number, string, boolean) of a tree, in key order. */
export function leafPaths(root: unknown, prefix = ''): string[] {
  if (!isTree(root)) return prefix ? [prefix] : [];
  return Object.keys(root).flatMap((k) => leafPaths(root[k], prefix ? `${prefix}.${k}` : k));
}

/** The leaves of `value` that differ from `base`, as [path, value] pairs. */
export function diffLeaves(value: unknown, base: unknown): [string, unknown][] {
  return leafPaths(value)
    .map((p) => [p, getPath(value, p)] as [string, unknown])
    .filter(([p, v]) => !Object.is(v, getPath(base, p)));
}
