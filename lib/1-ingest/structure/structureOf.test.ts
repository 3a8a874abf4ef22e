/**
 * End-to-end over small fixture repositories, one resolution rule per case: real files on
 * disk → walk → tree-sitter parse → resolve → order. Each case lists the edges it expects
 * as "from -> to" (type-only edges as "from -type-> to", same-package uses as "from -pkg-> to").
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { structureOf } from '../ingest';
import { tempTree } from '../../testing/tempTree';

interface Case {
  rule: string;
  files: Record<string, string>;
  edges: string[];
  external?: string[];
  unresolved?: string[];
}

const CASES: Case[] = [
  // JavaScript / TypeScript
  { rule: 'relative import with .ts probing', files: { 'a.ts': "import { b } from './b';\n", 'b.ts': 'export const b = 1;\n' }, edges: ['a.ts -> b.ts'] },
  { rule: '.tsx probing', files: { 'a.ts': "import V from './view';\n", 'view.tsx': 'export default () => null;\n' }, edges: ['a.ts -> view.tsx'] },
  { rule: '.mts/.cts probing', files: { 'a.ts': "import './m';\nimport './c';\n", 'm.mts': '', 'c.cts': '' }, edges: ['a.ts -> c.cts', 'a.ts -> m.mts'] },
  { rule: '.jsx/.mjs/.cjs probing', files: { 'a.js': "import './x';\nimport './y';\nimport './z';\n", 'x.jsx': '', 'y.mjs': '', 'z.cjs': '' }, edges: ['a.js -> x.jsx', 'a.js -> y.mjs', 'a.js -> z.cjs'] },
  { rule: 'folder /index', files: { 'a.ts': "import { x } from './lib';\n", 'lib/index.ts': 'export const x = 1;\n' }, edges: ['a.ts -> lib/index.ts'] },
  { rule: '.js specifier naming a .ts source', files: { 'a.ts': "import { b } from './b.js';\n", 'b.ts': 'export const b = 1;\n' }, edges: ['a.ts -> b.ts'] },
  {
    rule: 'tsconfig baseUrl and paths, following extends',
    files: {
      'tsconfig.base.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@app/*": ["src/app/*"] } } }',
      'tsconfig.json': '{ "extends": "./tsconfig.base.json", /* comment */ }',
      'src/main.ts': "import { c } from '@app/config';\nimport { u } from 'src/util';\n",
      'src/app/config.ts': 'export const c = 1;\n',
      'src/util.ts': 'export const u = 1;\n',
    },
    edges: ['src/main.ts -> src/app/config.ts', 'src/main.ts -> src/util.ts'],
  },
  { rule: 'jsconfig paths', files: { 'jsconfig.json': '{"compilerOptions":{"paths":{"~/*":["./src/*"]}}}', 'src/a.js': "import b from '~/b';\n", 'src/b.js': '' }, edges: ['src/a.js -> src/b.js'] },
  { rule: 'package.json imports (#name)', files: { 'package.json': '{"name":"p","imports":{"#db":"./src/db.js"}}', 'src/a.ts': "import { db } from '#db';\n", 'src/db.ts': '' }, edges: ['src/a.ts -> src/db.ts'] },
  {
    rule: 'workspace package by name to its source entry',
    files: {
      'package.json': '{"name":"root","workspaces":["packages/*"]}',
      'packages/core/package.json': '{"name":"@acme/core","main":"dist/index.js"}',
      'packages/core/src/index.ts': 'export const core = 1;\n',
      'packages/app/package.json': '{"name":"@acme/app"}',
      'packages/app/src/index.ts': "import { core } from '@acme/core';\n",
    },
    edges: ['packages/app/src/index.ts -> packages/core/src/index.ts'],
  },
  {
    rule: 'package self-reference from a package.json that is no workspace, through exports',
    files: {
      'package.json': '{"name":"site","private":true}',
      'tools/gen/package.json': '{"name":"gen","exports":{".":"./src/index.ts","./util":"./dist/util.js"}}',
      'tools/gen/src/index.ts': "export { u } from 'gen/util';\n",
      'tools/gen/src/util.ts': 'export const u = 1;\n',
      'web/a.ts': "import { u } from 'gen';\n",
    },
    edges: ['tools/gen/src/index.ts -> tools/gen/src/util.ts'],
    external: ['web/a.ts gen'],
  },
  { rule: 'require() with a string literal', files: { 'a.js': "const b = require('./b');\n", 'b.js': 'module.exports = 1;\n' }, edges: ['a.js -> b.js'] },
  { rule: 'import() with a string literal', files: { 'a.ts': "const m = await import('./lazy');\n", 'lazy.ts': '' }, edges: ['a.ts -> lazy.ts'] },
  { rule: 'export ... from', files: { 'index.ts': "export * from './a';\nexport { b } from './b';\n", 'a.ts': '', 'b.ts': '' }, edges: ['index.ts -> a.ts', 'index.ts -> b.ts'] },
  { rule: 'type-only imports kept and marked', files: { 'a.ts': "import type { T } from './t';\n", 't.ts': 'export type T = 1;\n' }, edges: ['a.ts -type-> t.ts'] },
  { rule: 'JSX file with imports', files: { 'App.jsx': "import Button from './Button';\nexport const App = () => <Button />;\n", 'Button.jsx': 'export default () => <b />;\n' }, edges: ['App.jsx -> Button.jsx'] },
  { rule: 'bare packages are external', files: { 'a.ts': "import React from 'react';\nimport fs from 'node:fs';\n" }, edges: [], external: ['a.ts react', 'a.ts node:fs'] },
  { rule: 'a relative import to nothing is unresolved', files: { 'a.ts': "import x from './missing';\n" }, edges: [], unresolved: ['a.ts ./missing'] },
  // Python
  { rule: 'python import a.b.c to the deepest module', files: { 'main.py': 'import pkg.sub.mod\n', 'pkg/__init__.py': '', 'pkg/sub/__init__.py': '', 'pkg/sub/mod.py': '' }, edges: ['main.py -> pkg/sub/mod.py'] },
  { rule: 'python import of a package', files: { 'main.py': 'import pkg.sub\n', 'pkg/__init__.py': '', 'pkg/sub/__init__.py': '' }, edges: ['main.py -> pkg/sub/__init__.py'] },
  { rule: 'python from X import n where n is a module', files: { 'main.py': 'from pkg import mod\n', 'pkg/__init__.py': '', 'pkg/mod.py': '' }, edges: ['main.py -> pkg/mod.py'] },
  { rule: 'python from X import n where n is a name', files: { 'main.py': 'from pkg.mod import helper\n', 'pkg/__init__.py': '', 'pkg/mod.py': 'def helper(): pass\n' }, edges: ['main.py -> pkg/mod.py'] },
  { rule: 'python relative imports of two levels', files: { 'pkg/__init__.py': '', 'pkg/a/__init__.py': '', 'pkg/a/x.py': 'from ..b import y\nfrom . import z\n', 'pkg/b/__init__.py': '', 'pkg/b/y.py': '', 'pkg/a/z.py': '' }, edges: ['pkg/a/x.py -> pkg/a/z.py', 'pkg/a/x.py -> pkg/b/y.py'] },
  { rule: 'python src/ layout', files: { 'pyproject.toml': '[project]\nname="p"\n', 'src/p/__init__.py': '', 'src/p/core.py': '', 'src/p/cli.py': 'from p.core import run\n' }, edges: ['src/p/cli.py -> src/p/core.py'] },
  { rule: 'python namespace package (no __init__)', files: { 'ns/tool.py': '', 'main.py': 'import ns.tool\n' }, edges: ['main.py -> ns/tool.py'] },
  { rule: 'python stdlib is external', files: { 'main.py': 'import os\nfrom collections import OrderedDict\n' }, edges: [], external: ['main.py os', 'main.py collections'] },
  { rule: 'python relative import to nothing is unresolved', files: { 'pkg/__init__.py': '', 'pkg/a.py': 'from .missing import x\n' }, edges: [], unresolved: ['pkg/a.py .missing'] },
  // Go
  {
    rule: 'go.mod module path to package folders',
    files: { 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'main.go': 'package main\n\nimport (\n\t"fmt"\n\t"example.com/app/util"\n)\n\nfunc main() { fmt.Println(util.X) }\n', 'util/a.go': 'package util\n\nconst X = 1\n', 'util/b.go': 'package util\n', 'util/a_test.go': 'package util\n' },
    edges: ['main.go -> util/a.go', 'main.go -> util/b.go'],
    external: ['main.go fmt'],
  },
  // Go: files of one folder and package use each other without imports
  {
    rule: 'go same package: a function and a type of another file',
    files: { 'go.mod': 'module example.com/app\n', 'srv/a.go': 'package srv\n\ntype Router struct{}\n\nfunc newRouter() *Router { return &Router{} }\n', 'srv/b.go': 'package srv\n\nfunc serve() { var r *Router = newRouter(); _ = r }\n' },
    edges: ['srv/b.go -pkg-> srv/a.go'],
  },
  {
    rule: 'go same package: vars and consts count, methods alone do not',
    files: { 'a.go': 'package p\n\nvar Default = 1\n\nconst Max = 2\n', 'b.go': 'package p\n\nfunc f() int { return Default + Max }\n', 'c.go': 'package p\n\ntype S struct{}\n\nfunc (S) run() {}\n', 'd.go': 'package p\n\nfunc g() { run() }\n' },
    edges: ['b.go -pkg-> a.go'],
  },
  {
    rule: 'go same package: a _test.go file is a target only for other test files',
    files: { 'a.go': 'package p\n\nfunc helper() {}\n\nfunc use() { fixture() }\n', 'a_test.go': 'package p\n\nfunc fixture() {}\n\nfunc TestA() { helper() }\n', 'b_test.go': 'package p\n\nfunc TestB() { fixture() }\n' },
    edges: ['a_test.go -pkg-> a.go', 'b_test.go -pkg-> a_test.go'],
  },
  {
    rule: 'go same package: two packages in one folder (x and x_test) and one package in two folders give no edge',
    files: { 'x/a.go': 'package x\n\nfunc Run() {}\n', 'x/a_test.go': 'package x_test\n\nfunc TestRun() { Run() }\n', 'y/b.go': 'package x\n\nfunc f() { Run() }\n' },
    edges: [],
  },
  {
    rule: 'go same package: a name the file declares itself is its own',
    files: { 'a.go': 'package p\n\nfunc helper() {}\n', 'b.go': 'package p\n\nfunc helper() {}\n\nfunc f() { helper() }\n', 'c.go': 'package p\n\nfunc g(helper func()) { helper() }\n' },
    edges: [],
  },
  {
    rule: 'go same package: one edge per pair of files, whatever the number of uses',
    files: { 'a.go': 'package p\n\ntype A struct{}\n\nfunc NewA() A { return A{} }\n', 'b.go': 'package p\n\nfunc f() { _ = NewA(); var a A; _ = a }\n' },
    edges: ['b.go -pkg-> a.go'],
  },
  // Rust
  { rule: 'rust mod x; to x.rs and x/mod.rs', files: { 'Cargo.toml': '[package]\nname = "app"\n', 'src/main.rs': 'mod a;\nmod b;\nfn main() {}\n', 'src/a.rs': '', 'src/b/mod.rs': '' }, edges: ['src/main.rs -> src/a.rs', 'src/main.rs -> src/b/mod.rs'] },
  { rule: 'rust use crate:: and super::', files: { 'Cargo.toml': '[package]\nname = "app"\n', 'src/lib.rs': 'pub mod net;\npub mod util;\n', 'src/util.rs': 'pub fn u() {}\n', 'src/net.rs': 'pub mod http;\nuse crate::util::u;\n', 'src/net/http.rs': 'use super::super::util;\n' }, edges: ['src/lib.rs -> src/net.rs', 'src/lib.rs -> src/util.rs', 'src/net.rs -> src/net/http.rs', 'src/net.rs -> src/util.rs', 'src/net/http.rs -> src/util.rs'] },
  // Java
  {
    rule: 'java package plus class name under its source root',
    files: { 'src/main/java/com/acme/App.java': 'package com.acme;\n\nimport com.acme.util.Strings;\nimport java.util.List;\n\npublic class App {}\n', 'src/main/java/com/acme/util/Strings.java': 'package com.acme.util;\n\npublic class Strings {}\n' },
    edges: ['src/main/java/com/acme/App.java -> src/main/java/com/acme/util/Strings.java'],
    external: ['src/main/java/com/acme/App.java java.util.List'],
  },
  {
    rule: 'java same package without an import: an edge; another package: none',
    files: {
      'src/main/java/com/acme/Repo.java': 'package com.acme;\n\npublic class Repo {}\n',
      'src/main/java/com/acme/Service.java': 'package com.acme;\n\npublic class Service {\n  private final Repo repo = new Repo();\n}\n',
      'src/test/java/com/acme/ServiceTest.java': 'package com.acme;\n\nclass ServiceTest { Service s; }\n',
      'src/main/java/com/other/Client.java': 'package com.other;\n\nclass Client { Repo repo; }\n',
      'src/main/java/com/other/Uses.java': 'package com.other;\n\nclass Uses { Client c; }\n',
    },
    edges: [
      'src/main/java/com/acme/Service.java -pkg-> src/main/java/com/acme/Repo.java',
      'src/main/java/com/other/Uses.java -pkg-> src/main/java/com/other/Client.java',
      'src/test/java/com/acme/ServiceTest.java -pkg-> src/main/java/com/acme/Service.java',
    ],
  },
  {
    rule: 'java same package: an explicit import keeps its edge and adds none',
    files: { 'com/a/Repo.java': 'package com.a;\n\npublic class Repo {}\n', 'com/a/Service.java': 'package com.a;\n\nimport com.a.Repo;\n\nclass Service { Repo r; }\n' },
    edges: ['com/a/Service.java -> com/a/Repo.java'],
  },
];

for (const c of CASES) {
  test(`resolves: ${c.rule}`, async () => {
    const s = await structureOf(tempTree(c.files));
    const arrow = { import: '->', 'type-only': '-type->', 'same-package': '-pkg->' } as const;
    const edges = s.edges.map((e) => `${e.from} ${arrow[e.kind]} ${e.to}`).sort();
    assert.deepEqual(edges, [...c.edges].sort());
    if (c.external) assert.deepEqual(s.external.map((e) => `${e.from} ${e.specifier}`).sort(), [...c.external].sort());
    if (c.unresolved) {
      assert.deepEqual(s.unresolved.map((e) => `${e.from} ${e.specifier}`).sort(), [...c.unresolved].sort());
      for (const u of s.unresolved) assert.ok(u.reason.length > 10, `a reason for ${u.specifier}`);
    }
  });
}

test('the implementation order puts dependencies first and reports cycles', async () => {
  const s = await structureOf(
    tempTree({ 'app.ts': "import './b';\n", 'b.ts': "import './c';\n", 'c.ts': "import './b';\nimport './base';\n", 'base.ts': '', 'README.md': '# x\n' }),
  );
  assert.deepEqual(s.cycles, [['b.ts', 'c.ts']]);
  assert.deepEqual(s.order, ['base.ts', 'b.ts', 'c.ts', 'app.ts']);
  assert.equal(s.files.find((f) => f.path === 'README.md')?.language, null);
});

test('same-package edges order a Go package: the declaring file before its users; the edge names the uses', async () => {
  const s = await structureOf(
    tempTree({
      'go.mod': 'module example.com/app\n',
      'server.go': 'package app\n\nfunc Serve() { r := newRouter(); r.handle() }\n',
      'router.go': 'package app\n\ntype router struct{ cfg Config }\n\nfunc newRouter() *router { return &router{} }\n\nfunc (r *router) handle() {}\n',
      'config.go': 'package app\n\ntype Config struct{}\n',
      'a_main.go': 'package app\n\nfunc Main() { Serve() }\n',
    }),
  );
  assert.deepEqual(s.order, ['config.go', 'router.go', 'server.go', 'a_main.go']);
  assert.deepEqual(
    s.edges.map((e) => [e.kind, e.from, e.to, e.specifier, e.line]),
    [
      ['same-package', 'a_main.go', 'server.go', 'Serve', 3],
      ['same-package', 'router.go', 'config.go', 'Config', 3],
      ['same-package', 'server.go', 'router.go', 'newRouter', 3],
    ],
  );
});

test('same-package cycles are broken like import cycles', async () => {
  const s = await structureOf(
    tempTree({ 'a.go': 'package p\n\ntype A struct{ b *B }\n', 'b.go': 'package p\n\ntype B struct{ a *A }\n\nfunc use() { _ = C{} }\n', 'c.go': 'package p\n\ntype C struct{}\n' }),
  );
  assert.deepEqual(s.cycles, [['a.go', 'b.go']]);
  assert.deepEqual(s.order, ['c.go', 'a.go', 'b.go']);
});

test('bad input: syntax errors still give an outline; binary, huge, invalid UTF-8 and loops are skipped with reasons', async () => {
  const root = tempTree({
    'broken.py': 'def ok():\n    return 1\n\ndef broken(:\n',
    'bin.dat': new Uint8Array([1, 2, 0, 3]) as unknown as string,
    'huge.ts': 'export const x = 1;\n'.repeat(300_000),
    'bad.py': new Uint8Array([0xff, 0xfe, 0x41]) as unknown as string,
  });
  const s = await structureOf(root);
  const broken = s.files.find((f) => f.path === 'broken.py')!;
  assert.ok(broken.syntaxErrors > 0);
  assert.ok(broken.symbols.some((x) => x.name === 'ok'));
  assert.deepEqual(s.files.map((f) => f.path), ['broken.py']);
  assert.deepEqual(s.skipped.map((x) => x.path).sort(), ['bad.py', 'bin.dat', 'huge.ts']);
});

test('an empty repository has an empty structure', async () => {
  const s = await structureOf(tempTree({}));
  assert.deepEqual([s.files, s.edges, s.order, s.cycles, s.skipped], [[], [], [], [], []]);
});

const STDLIB_JSON = '/usr/lib/python3.11/json';
const noStdlibJson = !fs.existsSync(path.join(STDLIB_JSON, 'decoder.py')) && `${STDLIB_JSON} is not on this machine`;

/** A copy of the standard library's json package (its .py files) in a folder of the given name, inside a fresh temp folder. */
function copyOfStdlibJson(folderName: string): string {
  const files = fs.readdirSync(STDLIB_JSON).filter((name) => name.endsWith('.py'));
  const tree = Object.fromEntries(files.map((name) => [`${folderName}/${name}`, fs.readFileSync(path.join(STDLIB_JSON, name), 'utf8')]));
  return path.join(tempTree(tree), folderName);
}

test('a Python package ingested on its own imports itself by its folder name (a copy of the stdlib json/)', { skip: noStdlibJson }, async () => {
  const s = await structureOf(copyOfStdlibJson('json'));
  const scanner = s.order.indexOf('scanner.py');
  assert.ok(scanner !== -1 && scanner < s.order.indexOf('decoder.py'), `scanner.py before decoder.py in ${s.order.join(', ')}`);
  assert.deepEqual(s.external.filter((e) => e.specifier === 'json' || e.specifier.startsWith('json.')), []);
  const edges = s.edges.map((e) => `${e.from} -> ${e.to}`);
  assert.ok(edges.includes('decoder.py -> scanner.py'), '`from json import scanner`');
  assert.ok(edges.includes('tool.py -> __init__.py'), '`import json`');
});

test('the same package under another folder name, or given its name explicitly', { skip: noStdlibJson }, async () => {
  const renamed = copyOfStdlibJson('json-copy');
  const asCopy = await structureOf(renamed);
  assert.ok(asCopy.external.some((e) => e.from === 'decoder.py' && e.specifier === 'json'), 'json-copy is not imported as json');
  const named = await structureOf(renamed, { rootName: 'json' });
  assert.ok(named.edges.some((e) => e.from === 'decoder.py' && e.to === 'scanner.py'), 'rootName overrides the folder name');
});
