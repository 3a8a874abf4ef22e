/**
 * The names a Go or Java file uses from its own package. Such uses need no import, so the structure stage
 * matches them against the top-level names the package's other files declare (`lib/1-ingest/structure/samePackage.ts`).
 *
 * One tree-sitter query per language runs over the parsed tree (inside the wasm module, no walk from
 * JavaScript); its captures sort every identifier into used, declared, or not a name of the package at all
 * (a qualified type's name, a struct literal's field key, a nested type's name after `Outer.`).
 */
import { Query, type Language, type Node as SyntaxNode } from 'web-tree-sitter';
import type { NameUse } from '../structure/types';

/**
 * Go. `@ref`: every identifier and type name. `@decl`: names the file declares at any level (they shadow, or are,
 * the package's own names). `@skip`: the name of `pkg.Type`. `@key` / `@mapkey`: keys of keyed literal elements;
 * a key is a field name unless the literal's type is a map, slice or array written out.
 */
const GO_QUERY = `
[(identifier) (type_identifier)] @ref
(import_spec name: (package_identifier) @decl)
(function_declaration name: (identifier) @decl)
(type_spec name: (type_identifier) @decl)
(type_alias name: (type_identifier) @decl)
(var_spec name: (identifier) @decl)
(const_spec name: (identifier) @decl)
(parameter_declaration name: (identifier) @decl)
(variadic_parameter_declaration name: (identifier) @decl)
(type_parameter_declaration name: (identifier) @decl)
(short_var_declaration left: (expression_list (identifier) @decl))
(range_clause left: (expression_list (identifier) @decl))
(receive_statement left: (expression_list (identifier) @decl))
(type_switch_statement alias: (expression_list (identifier) @decl))
(qualified_type name: (type_identifier) @skip)
(keyed_element key: (literal_element (identifier) @key))
(composite_literal
  type: [(map_type) (slice_type) (array_type) (implicit_length_array_type)]
  body: (literal_value (keyed_element key: (literal_element (identifier) @mapkey))))
`;

/**
 * Java. `@ref`: type names (declarations, `new X()`, casts, generics, extends/implements, throws) and the
 * receiver of `X.m()`, `X.F`, `X::m`, and annotation names. `@decl`: types and type parameters the file declares.
 * `@skip`: the member part of `Outer.Inner` (a nested type, not a top-level one of the package).
 */
const JAVA_QUERY = `
(type_identifier) @ref
(method_invocation object: (identifier) @ref)
(field_access object: (identifier) @ref)
(method_reference . (identifier) @ref)
(marker_annotation name: (identifier) @ref)
(annotation name: (identifier) @ref)
(class_declaration name: (identifier) @decl)
(interface_declaration name: (identifier) @decl)
(enum_declaration name: (identifier) @decl)
(record_declaration name: (identifier) @decl)
(annotation_type_declaration name: (identifier) @decl)
(type_parameter (type_identifier) @decl)
(scoped_type_identifier (type_identifier) @skip .)
`;

/** Go's predeclared identifiers: never declared by a file of the package (unless shadowed, then @decl has them). */
const GO_PREDECLARED: ReadonlySet<string> = new Set(
  (
    'any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string ' +
    'uint uint8 uint16 uint32 uint64 uintptr true false iota nil _ append cap clear close complex copy delete imag ' +
    'len make max min new panic print println real recover'
  ).split(' '),
);

const NO_NAMES: ReadonlySet<string> = new Set();

type Flavour = 'go' | 'java';

const queries = new Map<Language, Query>();

function queryFor(language: Language, flavour: Flavour): Query {
  let query = queries.get(language);
  if (!query) {
    query = new Query(language, flavour === 'go' ? GO_QUERY : JAVA_QUERY);
    queries.set(language, query);
  }
  return query;
}

/**
 * Names used in the tree that it does not declare itself, in order of first use, each once.
 * `alsoDeclared`: more names that count as the file's own (Java single-type imports).
 */
export function usedNames(root: SyntaxNode, content: string, flavour: Flavour, alsoDeclared: ReadonlySet<string> = NO_NAMES): NameUse[] {
  const captures = queryFor(root.tree.language, flavour).captures(root);
  const declared = new Set<string>(alsoDeclared);
  const skipped = new Set<number>();
  const keys: number[] = [];
  const mapKeys = new Set<number>();
  const refs: SyntaxNode[] = [];
  for (const { name, node } of captures) {
    switch (name) {
      case 'ref':
        refs.push(node);
        break;
      case 'decl':
        declared.add(content.slice(node.startIndex, node.endIndex));
        break;
      case 'skip':
        skipped.add(node.startIndex);
        break;
      case 'key':
        keys.push(node.startIndex);
        break;
      case 'mapkey':
        mapKeys.add(node.startIndex);
        break;
    }
  }
  for (const key of keys) if (!mapKeys.has(key)) skipped.add(key);
  const predeclared = flavour === 'go' ? GO_PREDECLARED : NO_NAMES;
  const seen = new Set<string>();
  const uses: NameUse[] = [];
  for (const node of refs) {
    if (skipped.has(node.startIndex)) continue;
    const text = content.slice(node.startIndex, node.endIndex);
    if (seen.has(text) || declared.has(text) || predeclared.has(text)) continue;
    seen.add(text);
    uses.push({ name: text, line: node.startPosition.row + 1 });
  }
  return uses;
}
