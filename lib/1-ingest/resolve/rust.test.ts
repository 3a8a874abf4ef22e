import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { memoryIndex } from '../structure/memoryIndex';
import type { RawImport } from '../structure/types';
import { createRustResolver } from './rust';
import type { Resolution } from './types';

function modDecl(specifier: string): RawImport {
  return { syntax: 'rust-mod', specifier, typeOnly: false, line: 1 };
}

function useDecl(specifier: string, wildcard = false): RawImport {
  return { syntax: 'rust-use', specifier, typeOnly: false, line: 1, ...(wildcard ? { wildcard } : {}) };
}

function files(...paths: string[]): Resolution {
  return { kind: 'files', paths };
}

function assertUnresolved(result: Resolution, mentions: string): void {
  assert.equal(result.kind, 'unresolved');
  if (result.kind === 'unresolved') assert.ok(result.reason.includes(mentions), result.reason);
}

const demoCrate = {
  'Cargo.toml': '[package]\nname = "demo"\nversion = "0.1.0"\n\n[dependencies]\nserde = "1"\n',
  'src/lib.rs': '',
  'src/main.rs': '',
  'src/a.rs': '',
  'src/a/b.rs': '',
  'src/a/b/c.rs': '',
  'src/store/mod.rs': '',
  'src/store/disk.rs': '',
  'src/generated/out.rs': '',
  'src/bin/tool.rs': '',
  'src/bin/helpers.rs': '',
  'tests/it.rs': '',
  'tests/common/mod.rs': '',
};

const resolveDemo = createRustResolver(memoryIndex(demoCrate));

describe('rust: mod declarations', () => {
  test('a crate root keeps its child modules beside it, as x.rs or x/mod.rs', () => {
    assert.deepEqual(resolveDemo('src/lib.rs', modDecl('a')), files('src/a.rs'));
    assert.deepEqual(resolveDemo('src/lib.rs', modDecl('store')), files('src/store/mod.rs'));
  });

  test('a non-root file src/a.rs keeps its children in src/a/', () => {
    assert.deepEqual(resolveDemo('src/a.rs', modDecl('b')), files('src/a/b.rs'));
    assert.deepEqual(resolveDemo('src/a/b.rs', modDecl('c')), files('src/a/b/c.rs'));
  });

  test('a mod.rs keeps its children beside it', () => {
    assert.deepEqual(resolveDemo('src/store/mod.rs', modDecl('disk')), files('src/store/disk.rs'));
  });

  test('src/bin/*.rs and tests/*.rs are crate roots of their own', () => {
    assert.deepEqual(resolveDemo('src/bin/tool.rs', modDecl('helpers')), files('src/bin/helpers.rs'));
    assert.deepEqual(resolveDemo('tests/it.rs', modDecl('common')), files('tests/common/mod.rs'));
  });

  test('a missing module file is unresolved, naming both places looked at', () => {
    const result = resolveDemo('src/a.rs', modDecl('gone'));
    assertUnresolved(result, 'src/a/gone.rs');
    assertUnresolved(result, 'src/a/gone/mod.rs');
  });

  test('#[path] is relative to the declaring file’s folder', () => {
    assert.deepEqual(resolveDemo('src/lib.rs', modDecl('path:generated/out.rs')), files('src/generated/out.rs'));
    assert.deepEqual(resolveDemo('src/a/b.rs', modDecl('path:../generated/out.rs')), files('src/generated/out.rs'));
    assertUnresolved(resolveDemo('src/lib.rs', modDecl('path:nope.rs')), 'src/nope.rs');
  });
});

describe('rust: use paths', () => {
  test('crate:: walks from the crate root to the deepest existing module (the last segment is an item)', () => {
    assert.deepEqual(resolveDemo('src/store/disk.rs', useDecl('crate::a::b::Thing')), files('src/a/b.rs'));
    assert.deepEqual(resolveDemo('src/store/disk.rs', useDecl('crate::a::b::c')), files('src/a/b/c.rs'));
    assert.deepEqual(resolveDemo('src/store/disk.rs', useDecl('crate::a::Missing::Deeper')), files('src/a.rs'));
  });

  test('crate::Item resolves to the crate root file, or to nothing from the root itself', () => {
    assert.deepEqual(resolveDemo('src/a/b.rs', useDecl('crate::Config')), files('src/lib.rs'));
    assert.deepEqual(resolveDemo('src/lib.rs', useDecl('crate::Config')), files());
  });

  test('a glob import resolves to the module it globs', () => {
    assert.deepEqual(resolveDemo('src/lib.rs', useDecl('crate::store', true)), files('src/store/mod.rs'));
  });

  test('super:: starts at the parent module', () => {
    assert.deepEqual(resolveDemo('src/a/b.rs', useDecl('super::Helper')), files('src/a.rs'));
    assert.deepEqual(resolveDemo('src/a/b/c.rs', useDecl('super::super::Helper')), files('src/a.rs'));
    assert.deepEqual(resolveDemo('src/store/disk.rs', useDecl('super::Store')), files('src/store/mod.rs'));
    assert.deepEqual(resolveDemo('src/a.rs', useDecl('super::store::disk::Disk')), files('src/store/disk.rs'));
  });

  test('super:: above the crate root is unresolved', () => {
    assertUnresolved(resolveDemo('src/a.rs', useDecl('super::super::X')), 'climbs above the crate root');
  });

  test('self:: starts at the file’s own module (a mod.rs is its folder’s module)', () => {
    assert.deepEqual(resolveDemo('src/a.rs', useDecl('self::b::Thing')), files('src/a/b.rs'));
    assert.deepEqual(resolveDemo('src/store/mod.rs', useDecl('self::disk::Disk')), files('src/store/disk.rs'));
    assert.deepEqual(resolveDemo('src/a.rs', useDecl('self::LocalItem')), files(), 'the file itself gives no edge');
  });

  test('a path may start with a child module of the current module (Rust 2018)', () => {
    assert.deepEqual(resolveDemo('src/lib.rs', useDecl('a::b::Thing')), files('src/a/b.rs'));
    assert.deepEqual(resolveDemo('src/a.rs', useDecl('b::c::Thing')), files('src/a/b/c.rs'));
  });

  test('src/main.rs and src/bin/*.rs reach the library of their package by its name', () => {
    assert.deepEqual(resolveDemo('src/main.rs', useDecl('demo::store::Store')), files('src/store/mod.rs'));
    assert.deepEqual(resolveDemo('src/bin/tool.rs', useDecl('demo::run')), files('src/lib.rs'));
  });

  test('std, core, alloc and dependencies are external', () => {
    for (const specifier of ['std::collections::HashMap', 'core::fmt', 'alloc::vec::Vec', 'serde::Serialize', '::std::io']) {
      assert.deepEqual(resolveDemo('src/a.rs', useDecl(specifier)), { kind: 'external' }, specifier);
    }
  });
});

describe('rust: workspaces', () => {
  const resolveWorkspace = createRustResolver(
    memoryIndex({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
      'crates/core-model/Cargo.toml': "[package]\nname = 'core-model'\n",
      'crates/core-model/src/lib.rs': '',
      'crates/core-model/src/user.rs': '',
      'crates/renamed/Cargo.toml': '[package]\nname = "renamed-pkg"\n\n[lib]\nname = "shortname"\npath = "lib/root.rs"\n',
      'crates/renamed/lib/root.rs': '',
      'crates/renamed/lib/part.rs': '',
      'crates/app/Cargo.toml': '[package]\nname = "app"\n\n[[bin]]\nname = "extra"\npath = "cmd/extra.rs"\n',
      'crates/app/src/main.rs': '',
      'crates/app/src/cli.rs': '',
      'crates/app/cmd/extra.rs': '',
      'crates/app/cmd/flags.rs': '',
    }),
  );

  test('another workspace crate resolves by its package name with - turned into _', () => {
    assert.deepEqual(resolveWorkspace('crates/app/src/cli.rs', useDecl('core_model::user::User')), files('crates/core-model/src/user.rs'));
    assert.deepEqual(resolveWorkspace('crates/app/src/cli.rs', useDecl('core_model::Model')), files('crates/core-model/src/lib.rs'));
  });

  test('[lib] name and path in Cargo.toml place and name the library', () => {
    assert.deepEqual(resolveWorkspace('crates/app/src/main.rs', useDecl('shortname::part::P')), files('crates/renamed/lib/part.rs'));
    assert.deepEqual(resolveWorkspace('crates/app/src/main.rs', useDecl('renamed_pkg::part::P')), { kind: 'external' });
  });

  test('crate:: in a member crate walks from that member’s root', () => {
    assert.deepEqual(resolveWorkspace('crates/app/src/main.rs', useDecl('crate::cli::Args')), files('crates/app/src/cli.rs'));
    assert.deepEqual(resolveWorkspace('crates/app/src/cli.rs', useDecl('crate::Thing')), files('crates/app/src/main.rs'));
  });

  test('[[bin]] path entries are crate roots', () => {
    assert.deepEqual(resolveWorkspace('crates/app/cmd/extra.rs', modDecl('flags')), files('crates/app/cmd/flags.rs'));
  });

  test('a repository without Cargo.toml treats its root as the package', () => {
    const resolve = createRustResolver(memoryIndex({ 'src/main.rs': '', 'src/util.rs': '' }));
    assert.deepEqual(resolve('src/main.rs', modDecl('util')), files('src/util.rs'));
    assert.deepEqual(resolve('src/util.rs', useDecl('crate::run')), files('src/main.rs'));
  });
});
