import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { memoryIndex } from '../structure/memoryIndex';
import type { ImportSyntax } from '../structure/types';
import { createJsResolver } from './javascript';
import type { Resolution } from './types';

/** Resolves one specifier from `fromPath` in a repository made of `files` (paths → text). */
function resolve(files: Record<string, string>, fromPath: string, specifier: string, syntax: ImportSyntax = 'esm'): Resolution {
  const resolver = createJsResolver(memoryIndex({ [fromPath]: '', ...files }));
  return resolver(fromPath, { specifier, syntax, typeOnly: false, line: 1 });
}

function file(path: string): Resolution {
  return { kind: 'files', paths: [path] };
}

function assertUnresolved(result: Resolution, reasonPattern: RegExp): void {
  assert.equal(result.kind, 'unresolved');
  if (result.kind === 'unresolved') assert.match(result.reason, reasonPattern);
}

const json = (value: unknown): string => JSON.stringify(value);

describe('relative specifiers', () => {
  test('exact file with extension', () => {
    assert.deepEqual(resolve({ 'src/b.ts': '' }, 'src/a.ts', './b.ts'), file('src/b.ts'));
  });

  test('every probing extension, in order', () => {
    for (const extension of ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.d.ts']) {
      assert.deepEqual(resolve({ [`src/b${extension}`]: '' }, 'src/a.ts', './b'), file(`src/b${extension}`), extension);
    }
    assert.deepEqual(resolve({ 'src/b.js': '', 'src/b.tsx': '', 'src/b.d.ts': '' }, 'src/a.ts', './b'), file('src/b.tsx'));
  });

  test('folder index with every extension', () => {
    for (const extension of ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.d.ts']) {
      assert.deepEqual(resolve({ [`src/lib/index${extension}`]: '' }, 'src/a.ts', './lib'), file(`src/lib/index${extension}`), extension);
    }
  });

  test('a file wins over a folder index of the same name', () => {
    assert.deepEqual(resolve({ 'src/lib.ts': '', 'src/lib/index.ts': '' }, 'src/a.ts', './lib'), file('src/lib.ts'));
  });

  test("'.', '..' and a trailing slash name folder indexes", () => {
    const files = { 'src/index.ts': '', 'index.js': '', 'src/sub/index.tsx': '', 'src/sub.ts': '' };
    assert.deepEqual(resolve(files, 'src/a.ts', '.'), file('src/index.ts'));
    assert.deepEqual(resolve(files, 'src/a.ts', '..'), file('index.js'));
    assert.deepEqual(resolve(files, 'src/a.ts', './sub/'), file('src/sub/index.tsx'));
  });

  test('.js specifier maps to the .ts or .tsx source (TS ESM convention)', () => {
    assert.deepEqual(resolve({ 'src/b.ts': '' }, 'src/a.ts', './b.js'), file('src/b.ts'));
    assert.deepEqual(resolve({ 'src/c.tsx': '' }, 'src/a.ts', './c.js'), file('src/c.tsx'));
    assert.deepEqual(resolve({ 'src/d.tsx': '' }, 'src/a.ts', './d.jsx'), file('src/d.tsx'));
  });

  test('an existing .js file wins over its .ts namesake', () => {
    assert.deepEqual(resolve({ 'src/b.ts': '', 'src/b.js': '' }, 'src/a.ts', './b.js'), file('src/b.js'));
  });

  test('.mjs maps to .mts and .cjs to .cts', () => {
    assert.deepEqual(resolve({ 'src/b.mts': '' }, 'src/a.mts', './b.mjs'), file('src/b.mts'));
    assert.deepEqual(resolve({ 'src/c.cts': '' }, 'src/a.cts', './c.cjs'), file('src/c.cts'));
  });

  test('.json and other non-code files resolve when they exist', () => {
    const files = { 'src/data.json': '{}', 'src/style.css': '', 'src/logo.svg': '' };
    assert.deepEqual(resolve(files, 'src/a.ts', './data.json'), file('src/data.json'));
    assert.deepEqual(resolve(files, 'src/a.ts', './style.css'), file('src/style.css'));
    assert.deepEqual(resolve(files, 'src/a.ts', '../src/logo.svg'), file('src/logo.svg'));
  });

  test('query strings and hashes are stripped', () => {
    const files = { 'src/a.css': '', 'src/icon.svg': '', 'src/worker.ts': '' };
    assert.deepEqual(resolve(files, 'src/main.ts', './a.css?inline'), file('src/a.css'));
    assert.deepEqual(resolve(files, 'src/main.ts', './icon.svg#logo'), file('src/icon.svg'));
    assert.deepEqual(resolve(files, 'src/main.ts', './worker?worker&url'), file('src/worker.ts'));
  });

  test('a missing relative file is unresolved, saying what was tried', () => {
    assertUnresolved(resolve({}, 'src/a.ts', './x'), /^no file \.\/x\(\.ts\|\.tsx\|.*\|\/index\.\*\) next to src\/a\.ts$/);
    assertUnresolved(resolve({}, 'src/a.ts', './x.js'), /no file \.\/x\.js \(or its \.ts\/\.tsx source\) next to src\/a\.ts/);
  });

  test('a relative path climbing above the root is unresolved', () => {
    assertUnresolved(resolve({ 'x.ts': '' }, 'src/a.ts', '../../x'), /climbs above the repository root/);
  });

  test('an absolute path is unresolved', () => {
    assertUnresolved(resolve({ 'src/b.ts': '' }, 'src/a.ts', '/src/b'), /absolute path/);
  });
});

describe('bare specifiers outside the repository', () => {
  test('packages and builtins are external', () => {
    for (const specifier of ['react', 'react-dom/client', '@scope/x', '@scope/x/sub', 'fs', 'node:fs', 'node:fs/promises', 'bun:test']) {
      assert.deepEqual(resolve({ 'package.json': json({ name: 'app' }) }, 'src/a.ts', specifier), { kind: 'external' }, specifier);
    }
  });
});

describe('tsconfig.json and jsconfig.json', () => {
  test('baseUrl resolves bare specifiers with probing, relative to the declaring config', () => {
    const files = { 'tsconfig.json': json({ compilerOptions: { baseUrl: './src' } }), 'src/lib/util.ts': '', 'src/ui/index.tsx': '' };
    assert.deepEqual(resolve(files, 'src/app/a.ts', 'lib/util'), file('src/lib/util.ts'));
    assert.deepEqual(resolve(files, 'src/app/a.ts', 'ui'), file('src/ui/index.tsx'));
    assert.deepEqual(resolve(files, 'src/app/a.ts', 'react'), { kind: 'external' });
  });

  test('paths tries several targets in order, relative to baseUrl', () => {
    const files = {
      'tsconfig.json': json({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['generated/*', 'src/lib/*'], '@config': ['src/config.ts'] } } }),
      'src/lib/a.ts': '',
      'generated/b.ts': '',
      'src/lib/b.ts': '',
      'src/config.ts': '',
    };
    assert.deepEqual(resolve(files, 'src/main.ts', '@lib/a'), file('src/lib/a.ts'));
    assert.deepEqual(resolve(files, 'src/main.ts', '@lib/b'), file('generated/b.ts'));
    assert.deepEqual(resolve(files, 'src/main.ts', '@config'), file('src/config.ts'));
  });

  test('the longest matching paths prefix wins', () => {
    const files = {
      'tsconfig.json': json({ compilerOptions: { paths: { '@/*': ['./src/*'], '@/ui/*': ['./packages/ui/*'] } } }),
      'src/ui/button.ts': '',
      'packages/ui/button.ts': '',
    };
    assert.deepEqual(resolve(files, 'src/main.ts', '@/ui/button'), file('packages/ui/button.ts'));
  });

  test('paths without baseUrl are relative to the config that declares them', () => {
    const files = {
      'tsconfig.json': json({ extends: './config/tsconfig.base.json' }),
      'config/tsconfig.base.json': json({ compilerOptions: { paths: { '~/*': ['../src/*'] } } }),
      'src/x.ts': '',
    };
    assert.deepEqual(resolve(files, 'src/main.ts', '~/x'), file('src/x.ts'));
  });

  test('a paths alias that matches but names no file is unresolved, not external', () => {
    const files = { 'tsconfig.json': json({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }) };
    assertUnresolved(resolve(files, 'src/main.ts', '@/missing'), /tsconfig paths '@\/\*' in tsconfig\.json matched, but none of \.\/src\/missing exists/);
  });

  test('a catch-all * alias that finds nothing falls through to external', () => {
    const files = { 'tsconfig.json': json({ compilerOptions: { baseUrl: '.', paths: { '*': ['types/*'] } } }), 'types/foo.d.ts': '' };
    assert.deepEqual(resolve(files, 'src/main.ts', 'foo'), file('types/foo.d.ts'));
    assert.deepEqual(resolve(files, 'src/main.ts', 'react'), { kind: 'external' });
  });

  test('extends chain: two relative levels, with and without .json, and an ignored outside package', () => {
    const files = {
      'apps/web/tsconfig.json': json({ extends: ['@tsconfig/node20/tsconfig.json', '../../tsconfig.app'] }),
      'tsconfig.app.json': json({ extends: './tsconfig.base.json', compilerOptions: { strict: true } }),
      'tsconfig.base.json': json({ compilerOptions: { baseUrl: '.', paths: { '@shared/*': ['libs/shared/*'] } } }),
      'libs/shared/log.ts': '',
    };
    assert.deepEqual(resolve(files, 'apps/web/src/a.ts', '@shared/log'), file('libs/shared/log.ts'));
  });

  test('a config overrides the paths it extends', () => {
    const files = {
      'tsconfig.json': json({ extends: './base.json', compilerOptions: { paths: { '@/*': ['./app/*'] } } }),
      'base.json': json({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }),
      'app/x.ts': '',
      'src/x.ts': '',
    };
    assert.deepEqual(resolve(files, 'app/main.ts', '@/x'), file('app/x.ts'));
  });

  test('the nearest config up the folder tree applies', () => {
    const files = {
      'tsconfig.json': json({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }),
      'packages/a/tsconfig.json': json({ compilerOptions: { paths: { '@/*': ['./lib/*'] } } }),
      'src/x.ts': '',
      'packages/a/lib/x.ts': '',
    };
    assert.deepEqual(resolve(files, 'packages/a/lib/deep/main.ts', '@/x'), file('packages/a/lib/x.ts'));
    assert.deepEqual(resolve(files, 'src/main.ts', '@/x'), file('src/x.ts'));
  });

  test('JSONC: comments, trailing commas and comment-like text inside strings', () => {
    const files = {
      'tsconfig.json': `// root config
      {
        /* block
           comment */
        "compilerOptions": {
          "baseUrl": ".", // trailing comment
          "paths": {
            "@//*": ["./src/*",], // '//' inside a string is not a comment
            "@*/": ["./weird/*"],
          },
        },
      }`,
      'src/x.ts': '',
      'weird/y.ts': '',
    };
    assert.deepEqual(resolve(files, 'main.ts', '@//x'), file('src/x.ts'));
    assert.deepEqual(resolve(files, 'main.ts', '@y/'), file('weird/y.ts'));
  });

  test('jsconfig.json works like tsconfig.json', () => {
    const files = { 'jsconfig.json': json({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } }), 'src/x.jsx': '' };
    assert.deepEqual(resolve(files, 'src/a.js', '@/x'), file('src/x.jsx'));
  });

  test('solution-style tsconfig.json takes the aliases of a referenced config', () => {
    const files = {
      'tsconfig.json': json({ files: [], references: [{ path: './tsconfig.node.json' }, { path: './tsconfig.app.json' }] }),
      'tsconfig.node.json': json({ compilerOptions: { strict: true } }),
      'tsconfig.app.json': json({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }),
      'src/x.ts': '',
    };
    assert.deepEqual(resolve(files, 'src/a.ts', '@/x'), file('src/x.ts'));
  });
});

describe('package.json imports', () => {
  const files = {
    'package.json': json({
      name: 'app',
      imports: {
        '#config': { types: './src/config.d.ts', import: './src/config.js', default: './src/config.cjs' },
        '#db': { node: './src/db/node.js', default: './src/db/browser.js' },
        '#internal/*': './src/internal/*.js',
        '#dep': 'some-package',
      },
    }),
    'src/config.ts': '',
    'src/db/node.ts': '',
    'src/db/browser.ts': '',
    'src/internal/a.ts': '',
    'src/internal/deep/b.tsx': '',
  };

  test('conditional targets are probed so the .ts source is found', () => {
    assert.deepEqual(resolve(files, 'src/a.ts', '#config'), file('src/config.ts'));
    assert.deepEqual(resolve(files, 'src/a.ts', '#db'), file('src/db/node.ts'));
  });

  test('* patterns', () => {
    assert.deepEqual(resolve(files, 'src/a.ts', '#internal/a'), file('src/internal/a.ts'));
    assert.deepEqual(resolve(files, 'src/a.ts', '#internal/deep/b'), file('src/internal/deep/b.tsx'));
  });

  test('a package target is resolved as a package', () => {
    assert.deepEqual(resolve(files, 'src/a.ts', '#dep'), { kind: 'external' });
  });

  test('an unknown #name is unresolved', () => {
    assertUnresolved(resolve(files, 'src/a.ts', '#nope'), /#nope is not in the "imports" of package\.json/);
    assertUnresolved(resolve({}, 'src/a.ts', '#nope'), /no package\.json/);
  });

  test('the nearest package.json defines the imports', () => {
    const nested = {
      ...files,
      'packages/x/package.json': json({ name: 'x', imports: { '#config': './conf.ts' } }),
      'packages/x/conf.ts': '',
    };
    assert.deepEqual(resolve(nested, 'packages/x/src/a.ts', '#config'), file('packages/x/conf.ts'));
  });
});

describe('workspace packages', () => {
  const npmWorkspace = {
    'package.json': json({ name: 'monorepo', private: true, workspaces: ['packages/*', 'tools/**'] }),
    'packages/core/package.json': json({ name: '@acme/core', main: './dist/index.js' }),
    'packages/core/src/index.ts': '',
    'packages/core/src/math/add.ts': '',
    'tools/build/cli/package.json': json({ name: 'acme-cli', source: 'cli.ts' }),
    'tools/build/cli/cli.ts': '',
  };

  test('npm workspaces: by name, with ** globs', () => {
    assert.deepEqual(resolve(npmWorkspace, 'apps/web/a.ts', '@acme/core'), file('packages/core/src/index.ts'));
    assert.deepEqual(resolve(npmWorkspace, 'apps/web/a.ts', 'acme-cli'), file('tools/build/cli/cli.ts'));
  });

  test('npm workspaces: by subpath', () => {
    assert.deepEqual(resolve(npmWorkspace, 'apps/web/a.ts', '@acme/core/src/math/add'), file('packages/core/src/math/add.ts'));
  });

  test('yarn workspaces in the { packages: [...] } form', () => {
    const files = {
      'package.json': json({ private: true, workspaces: { packages: ['libs/*'], nohoist: ['**/react'] } }),
      'libs/ui/package.json': json({ name: 'ui' }),
      'libs/ui/src/index.tsx': '',
    };
    assert.deepEqual(resolve(files, 'app/a.ts', 'ui'), file('libs/ui/src/index.tsx'));
  });

  test('pnpm-workspace.yaml packages list, with exclusions', () => {
    const files = {
      'pnpm-workspace.yaml': "# workspace\npackages:\n  - 'packages/*'\n  - \"apps/*\" # apps\n  - '!packages/ignored'\ncatalog:\n  react: ^19\n",
      'packages/utils/package.json': json({ name: '@acme/utils', types: './dist/index.d.ts' }),
      'packages/utils/src/index.ts': '',
      'packages/ignored/package.json': json({ name: 'ignored' }),
      'packages/ignored/index.ts': '',
      'apps/web/package.json': json({ name: 'web' }),
      'apps/web/index.js': '',
    };
    assert.deepEqual(resolve(files, 'apps/web/a.ts', '@acme/utils'), file('packages/utils/src/index.ts'));
    assert.deepEqual(resolve(files, 'packages/utils/a.ts', 'web'), file('apps/web/index.js'));
    assert.deepEqual(resolve(files, 'apps/web/a.ts', 'ignored'), { kind: 'external' });
  });

  test('exports with nested conditions and subpath patterns', () => {
    const files = {
      'package.json': json({ workspaces: ['packages/*'] }),
      'packages/kit/package.json': json({
        name: 'kit',
        main: './dist/wrong.js',
        exports: {
          '.': { import: { types: './dist/index.d.mts', default: './dist/index.mjs' }, require: './dist/index.cjs' },
          './package.json': './package.json',
          './components/*': { types: './dist/components/*.d.ts', default: './dist/components/*.js' },
          './components/internal/*': null,
          './styles.css': './src/styles.css',
        },
      }),
      'packages/kit/src/index.ts': '',
      'packages/kit/src/wrong.ts': '',
      'packages/kit/src/components/button.tsx': '',
      'packages/kit/src/styles.css': '',
    };
    assert.deepEqual(resolve(files, 'app/a.ts', 'kit'), file('packages/kit/src/index.ts'));
    assert.deepEqual(resolve(files, 'app/a.ts', 'kit', 'require'), file('packages/kit/src/index.ts'));
    assert.deepEqual(resolve(files, 'app/a.ts', 'kit/components/button'), file('packages/kit/src/components/button.tsx'));
    assert.deepEqual(resolve(files, 'app/a.ts', 'kit/styles.css'), file('packages/kit/src/styles.css'));
    assert.deepEqual(resolve(files, 'app/a.ts', 'kit/package.json'), file('packages/kit/package.json'));
  });

  test('exports as a plain string and as a condition object without subpaths', () => {
    const files = {
      'package.json': json({ workspaces: ['packages/*'] }),
      'packages/a/package.json': json({ name: 'a', exports: './lib/main.js' }),
      'packages/a/src/main.ts': '',
      'packages/b/package.json': json({ name: 'b', exports: { node: './b-node.js', default: './b.js' } }),
      'packages/b/b-node.js': '',
    };
    assert.deepEqual(resolve(files, 'x.ts', 'a'), file('packages/a/src/main.ts'));
    assert.deepEqual(resolve(files, 'x.ts', 'b'), file('packages/b/b-node.js'));
  });

  test('dist/lib/build output maps back to src, also through format folders and declaration files', () => {
    const files = {
      'package.json': json({ workspaces: ['packages/*'] }),
      'packages/a/package.json': json({ name: 'a', module: './dist/esm/index.mjs' }),
      'packages/a/src/index.ts': '',
      'packages/b/package.json': json({ name: 'b', types: 'build/types/main.d.ts' }),
      'packages/b/src/main.tsx': '',
      'packages/c/package.json': json({ name: 'c', main: 'lib/index.js' }),
      'packages/c/index.ts': '',
      'packages/d/package.json': json({ name: 'd', main: 'dist/index.js' }),
      'packages/d/dist/index.js': '',
      'packages/d/src/index.ts': '',
    };
    assert.deepEqual(resolve(files, 'x.ts', 'a'), file('packages/a/src/index.ts'));
    assert.deepEqual(resolve(files, 'x.ts', 'b'), file('packages/b/src/main.tsx'));
    assert.deepEqual(resolve(files, 'x.ts', 'c'), file('packages/c/index.ts'));
    // Output that is in the index is taken as it is.
    assert.deepEqual(resolve(files, 'x.ts', 'd'), file('packages/d/dist/index.js'));
  });

  test('a workspace package without a matching file is unresolved', () => {
    const files = {
      'package.json': json({ workspaces: ['packages/*'] }),
      'packages/empty/package.json': json({ name: 'empty', main: 'dist/index.js' }),
      'packages/empty/README.md': '',
    };
    assertUnresolved(resolve(files, 'x.ts', 'empty'), /workspace package empty \(packages\/empty\) has no file for its main entry/);
    assertUnresolved(resolve(files, 'x.ts', 'empty/missing'), /has no file for \.\/missing/);
  });

  test('self-reference by the root package name', () => {
    const files = {
      'package.json': json({ name: '@me/app', exports: { '.': './src/index.ts', './utils/*': './src/utils/*.ts' } }),
      'src/index.ts': '',
      'src/utils/date.ts': '',
    };
    assert.deepEqual(resolve(files, 'test/a.test.ts', '@me/app'), file('src/index.ts'));
    assert.deepEqual(resolve(files, 'test/a.test.ts', '@me/app/utils/date'), file('src/utils/date.ts'));
  });

  test('tsconfig extends may name a workspace package', () => {
    const files = {
      'package.json': json({ workspaces: ['packages/*', 'apps/*'] }),
      'packages/tsconfig/package.json': json({ name: '@repo/tsconfig' }),
      'packages/tsconfig/base.json': json({ compilerOptions: { paths: { '@ui/*': ['../ui/src/*'] } } }),
      'packages/ui/src/button.tsx': '',
      'apps/web/tsconfig.json': json({ extends: '@repo/tsconfig/base.json' }),
    };
    assert.deepEqual(resolve(files, 'apps/web/src/a.ts', '@ui/button'), file('packages/ui/src/button.tsx'));
  });
});
