/**
 * A small, dependency-free import scanner for the boundary test. It blanks out
 * comments (so a commented-out import or "no console" in a doc comment does not
 * count) and string contents where asked, then reads specifiers with regexes.
 */

export interface ImportEdge {
  specifier: string;
  /** `import type …` / `export type …`, or every named binding marked `type`. */
  typeOnly: boolean;
  kind: 'static' | 'dynamic';
}

/** Replace comments with spaces (newlines kept); optionally blank the inside of '…' and "…" strings. */
export function stripComments(source: string, blankStrings = false): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') {
        out += ' ';
        i++;
      }
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      const body = source.slice(i + 1, j);
      out +=
        c + (blankStrings && c !== '`' ? body.replace(/[^\n]/g, ' ') : body) + (j < source.length ? c : '');
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const STATIC = /(?:^|[;\s}])(import|export)\s+(type\s+)?([\w$*{}\s,]*?)\s*(?:\bfrom\s*)?(['"])([^'"\n]+)\4/g;
const DYNAMIC = /\bimport\s*\(\s*(['"`])([^'"`\n]+)\1\s*\)/g;

function allNamedAreTypes(clause: string): boolean {
  const named = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (!named) return false;
  const parts = named[1]!
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.length > 0 && parts.every((p) => p.startsWith('type '));
}

/** Every module specifier a TS/TSX source imports or re-exports. */
export function importsOf(source: string): ImportEdge[] {
  const code = stripComments(source);
  const edges: ImportEdge[] = [];
  for (const m of code.matchAll(STATIC)) {
    const [, keyword, typeKw, clause = '', , specifier] = m;
    // `export const x = 'y'` and friends have no `from`; only accept bare `import 'x'` without one.
    const hasFrom = /\bfrom\s*['"]/.test(m[0]);
    if (!hasFrom && (keyword === 'export' || clause.trim() !== '')) continue;
    edges.push({
      specifier: specifier!,
      typeOnly: Boolean(typeKw) || allNamedAreTypes(clause),
      kind: 'static',
    });
  }
  for (const m of code.matchAll(DYNAMIC)) edges.push({ specifier: m[2]!, typeOnly: false, kind: 'dynamic' });
  return edges;
}

/** Non-literal `import(expr)` calls, which the scanner cannot check. */
export function computedImports(source: string): number {
  const code = stripComments(source);
  return [...code.matchAll(/\bimport\s*\(\s*([^'"`\s)])/g)].length;
}
