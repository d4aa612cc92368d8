import { describe, expect, it } from 'vitest';
import { computedImports, importsOf, stripComments } from './imports.js';

const specs = (source: string) => importsOf(source).map((e) => e.specifier);

describe('importsOf', () => {
  it('finds default, named, namespace, side-effect and multi-line imports', () => {
    const source = [
      "import a from 'a';",
      "import * as b from 'b'",
      "import 'c';",
      'import {',
      '  d,',
      '  e as f,',
      "} from './d.js';",
      'import g, { h } from "g";',
    ].join('\n');
    expect(specs(source)).toEqual(['a', 'b', 'c', './d.js', 'g']);
  });

  it('finds re-exports and dynamic imports', () => {
    const source = "export * from './x.js';\nexport { y } from './y.js';\nconst z = () => import('../z.js');";
    expect(importsOf(source)).toEqual([
      { specifier: './x.js', typeOnly: false, kind: 'static' },
      { specifier: './y.js', typeOnly: false, kind: 'static' },
      { specifier: '../z.js', typeOnly: false, kind: 'dynamic' },
    ]);
  });

  it('marks type-only imports and exports', () => {
    const source =
      "import type { A } from 'got';\nimport { type B, type C } from 'x';\nimport { type D, e } from 'y';\nexport type { F } from 'z';";
    expect(importsOf(source).map((e) => [e.specifier, e.typeOnly])).toEqual([
      ['got', true],
      ['x', true],
      ['y', false],
      ['z', true],
    ]);
  });

  it('ignores commented-out imports and look-alikes in strings', () => {
    const source =
      "// import x from 'nope';\n/* import('nope2') */\nconst s = \"import y from 'nope3'\";\nexport const t = 'u';";
    expect(specs(source)).toEqual([]);
  });
});

describe('stripComments', () => {
  it('keeps URLs inside strings and line structure', () => {
    const code = stripComments("const u = 'https://x.example'; // note\nconst v = 1;");
    expect(code).toContain("'https://x.example'");
    expect(code).not.toContain('note');
    expect(code.split('\n')).toHaveLength(2);
  });

  it('can blank string contents so text checks see only code', () => {
    expect(stripComments("log('console.log and process.env')", true)).not.toMatch(/console|process/);
  });
});

describe('computedImports', () => {
  it('counts import(expression) but not import(literal)', () => {
    expect(computedImports(`import(name); import('./x.js'); import(\`./\${y}\`)`)).toBe(1);
  });
});
