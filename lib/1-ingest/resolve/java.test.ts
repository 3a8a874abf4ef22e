import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { memoryIndex } from '../structure/memoryIndex';
import type { RawImport, RepoIndex } from '../structure/types';
import { createJavaResolver } from './java';
import type { Resolution } from './types';

function javaImport(specifier: string, options: { isStatic?: boolean; wildcard?: boolean } = {}): RawImport {
  return { syntax: 'java', specifier, typeOnly: false, line: 2, ...options };
}

function files(...paths: string[]): Resolution {
  return { kind: 'files', paths };
}

function source(packageName: string, className: string): string {
  return `/*\n * Licensed under the package foo; licence.\n */\npackage ${packageName};\n\nimport java.util.List;\n\npublic class ${className} {}\n`;
}

const CORE = 'core/src/main/java/com/acme/core';

const project: Record<string, string> = {
  'pom.xml': '<project/>',
  [`${CORE}/Service.java`]: source('com.acme.core', 'Service'),
  [`${CORE}/Model.java`]: source('com.acme.core', 'Model'),
  [`${CORE}/package-info.java`]: '/** Core. */\n@Deprecated\npackage com.acme.core;\n',
  [`${CORE}/internal/Impl.java`]: source('com.acme.core.internal', 'Impl'),
  'core/src/test/java/com/acme/core/ServiceTest.java': source('com.acme.core', 'ServiceTest'),
  'app/src/main/java/com/acme/app/Main.java': source('com.acme.app', 'Main'),
  'app/src/main/java/com/acme/grouping/sub/Only.java': source('com.acme.grouping.sub', 'Only'),
  'legacy/source/org/old/Thing.java': source('org.old', 'Thing'),
  'samples/java/util/List.java': source('samples.java.util', 'List'),
};

const MAIN = 'app/src/main/java/com/acme/app/Main.java';
const resolveProject = createJavaResolver(memoryIndex(project));

describe('java: class imports', () => {
  test('a.b.C resolves to <root>/a/b/C.java in any source root', () => {
    assert.deepEqual(resolveProject(MAIN, javaImport('com.acme.core.Service')), files(`${CORE}/Service.java`));
  });

  test('a nested class a.b.C.Inner resolves to a/b/C.java', () => {
    assert.deepEqual(resolveProject(MAIN, javaImport('com.acme.core.Service.Builder')), files(`${CORE}/Service.java`));
  });

  test('a static member import a.b.C.m resolves to a/b/C.java', () => {
    assert.deepEqual(resolveProject(MAIN, javaImport('com.acme.core.Service.create', { isStatic: true })), files(`${CORE}/Service.java`));
  });

  test('a static wildcard a.b.C.* resolves to a/b/C.java', () => {
    const imp = javaImport('com.acme.core.Model', { isStatic: true, wildcard: true });
    assert.deepEqual(resolveProject(MAIN, imp), files(`${CORE}/Model.java`));
  });

  test('source roots come from package declarations, wherever they are', () => {
    assert.deepEqual(resolveProject(MAIN, javaImport('org.old.Thing')), files('legacy/source/org/old/Thing.java'));
  });

  test('a file whose declared package differs is not the class, even if its path matches', () => {
    assert.deepEqual(resolveProject(MAIN, javaImport('java.util.List')), { kind: 'external' });
  });

  test('classes found in no root are external (JDK, libraries)', () => {
    assert.deepEqual(resolveProject(MAIN, javaImport('org.junit.jupiter.api.Test')), { kind: 'external' });
    assert.deepEqual(resolveProject(MAIN, javaImport('com.acme.core.Missing')), { kind: 'external' });
  });

  test('the same class in two modules resolves to the one nearest the importing file', () => {
    const resolve = createJavaResolver(
      memoryIndex({
        'a/src/main/java/x/Shared.java': source('x', 'Shared'),
        'b/src/main/java/x/Shared.java': source('x', 'Shared'),
        'b/src/main/java/y/User.java': source('y', 'User'),
      }),
    );
    assert.deepEqual(resolve('b/src/main/java/y/User.java', javaImport('x.Shared')), files('b/src/main/java/x/Shared.java'));
  });
});

describe('java: wildcard imports', () => {
  test('a.b.* resolves to every class file directly in <root>/a/b/ of every root', () => {
    assert.deepEqual(
      resolveProject(MAIN, javaImport('com.acme.core', { wildcard: true })),
      files(`${CORE}/Model.java`, `${CORE}/Service.java`, 'core/src/test/java/com/acme/core/ServiceTest.java'),
    );
  });

  test('a wildcard leaves out the importing file itself', () => {
    const result = resolveProject(`${CORE}/Model.java`, javaImport('com.acme.core', { wildcard: true }));
    assert.deepEqual(result, files(`${CORE}/Service.java`, 'core/src/test/java/com/acme/core/ServiceTest.java'));
  });

  test('a package folder of the repository without .java files directly in it is unresolved', () => {
    const result = resolveProject(MAIN, javaImport('com.acme.grouping', { wildcard: true }));
    assert.equal(result.kind, 'unresolved');
    if (result.kind === 'unresolved') assert.match(result.reason, /com\.acme\.grouping/);
  });

  test('a package not in the repository is external', () => {
    assert.deepEqual(resolveProject(MAIN, javaImport('java.util', { wildcard: true })), { kind: 'external' });
  });

  test('a non-static wildcard on a class (its nested classes) resolves to the class file', () => {
    assert.deepEqual(resolveProject(MAIN, javaImport('com.acme.core.Service', { wildcard: true })), files(`${CORE}/Service.java`));
  });
});

describe('java: without source text', () => {
  // The index may hold only config files' text: packages then follow the conventional roots.
  const paths = [
    'svc/src/main/java/com/x/Api.java',
    'svc/src/integrationTest/java/com/x/ApiIT.java',
    'tool/src/org/y/Tool.java',
    'Top.java',
    'util/Helper.java',
    'svc/src/main/java/util/List.java',
  ];
  const textless: RepoIndex = { files: new Set(paths), read: () => undefined };
  const resolve = createJavaResolver(textless);

  test('src/<source set>/java, src and the repository root are roots', () => {
    assert.deepEqual(resolve('Top.java', javaImport('com.x.Api')), files('svc/src/main/java/com/x/Api.java'));
    assert.deepEqual(resolve('Top.java', javaImport('com.x.ApiIT')), files('svc/src/integrationTest/java/com/x/ApiIT.java'));
    assert.deepEqual(resolve('Top.java', javaImport('org.y.Tool')), files('tool/src/org/y/Tool.java'));
    assert.deepEqual(resolve('Top.java', javaImport('util.Helper')), files('util/Helper.java'));
  });

  test('a path that matches only under a non-root prefix is not the class', () => {
    assert.deepEqual(resolve('Top.java', javaImport('java.util.List')), { kind: 'external' });
    assert.deepEqual(resolve('Top.java', javaImport('util.List')), files('svc/src/main/java/util/List.java'));
  });
});
