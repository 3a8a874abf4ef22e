/**
 * The offline agent model: deterministic text grounded only in the real structure (README, module
 * docs, outlines, edges, import statements, languages). No network, no randomness: phrasing varies
 * with a hash of the file path, so the same input always gives the same output.
 */
import type { FileStructure, RepoStructure } from '../1-ingest/structure/extractStructure';
import type { Language, OutlineSymbol } from '../1-ingest/structure/types';
import type { AgentModel, FileContext, MainAgentContext, Plan, PlanFile } from './types';
import { baseName, byCodeUnit, code, componentsOf, factsOf, firstSentence, folderName, inlineTagsAsText, manifestDescription, importUse, isExported, isTestPath, joinAnd, keySymbolsOf, LANGUAGE_LABEL, moduleDoc, pick, projectName, readmeSummary, topLevelSymbols, type RepoFacts, listCode, shortNames,  } from './facts';
import { plural } from '../platform/format';
import { declarationHead, symbolDoc } from './outline';
import { describingSymbol, FileSynthesisError, symbolOfError } from './fileError';

export const OFFLINE_MODEL = 'offline-structural-v1';

export function createOfflineModel(): AgentModel {
  return {
    provider: 'offline',
    model: OFFLINE_MODEL,
    offline: true,
    plan: async (context) => offlinePlan(context),
    thinkPurpose: async (context) => offlineThinkPurpose(context),
    thinkImplementation: async (context) => ({ think: offlineThinkImplementation(context) }),
  };
}

// ---------------------------------------------------------------------------------------------
// Shared descriptions

/** What kind of declaration a symbol is, in its language's words. */
function kindWord(s: OutlineSymbol, language: Language | null): string {
  const sig = s.signature;
  if (language === 'rust') {
    if (/\bstruct\b/.test(sig)) return 'struct';
    if (/\btrait\b/.test(sig)) return 'trait';
    if (/\bimpl\b/.test(sig)) return 'impl block';
    if (/\bmacro_rules!/.test(sig)) return 'macro';
  }
  if (language === 'go') {
    if (/\bstruct\b/.test(sig)) return 'struct';
    if (/\binterface\b/.test(sig)) return 'interface';
  }
  if (language === 'java' && /\brecord\b/.test(sig)) return 'record';
  if (/\benum\b/.test(sig)) return 'enum';
  switch (s.kind) {
    case 'type':
      return 'type';
    case 'constant':
      return 'constant';
    default:
      return s.kind;
  }
}

const PLURALS: Record<string, string> = { class: 'classes', 'impl block': 'impl blocks', type: 'types' };
function kindPlural(kind: string, n: number): string {
  return n === 1 ? kind : (PLURALS[kind] ?? `${kind}s`);
}

/** `3 classes, 2 functions and a type`. */
function kindCounts(symbols: readonly OutlineSymbol[], language: Language | null): string {
  const counts = new Map<string, number>();
  for (const s of symbols) counts.set(kindWord(s, language), (counts.get(kindWord(s, language)) ?? 0) + 1);
  const parts = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || byCodeUnit(a[0], b[0]))
    .map(([k, n]) => (n === 1 ? `${/^[aeiou]/.test(k) ? 'an' : 'a'} ${k}` : `${n} ${kindPlural(k, n)}`));
  return joinAnd(parts);
}

function languageOf(file: FileStructure): string {
  return file.language ? LANGUAGE_LABEL[file.language] : 'text';
}

function isBarrel(file: FileStructure): boolean {
  if (topLevelSymbols(file).length > 0) return false;
  const code = file.content
    .replace(/^\s*[rRuU]?("""|''')[\s\S]*?\1/, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('//') && !l.startsWith('#') && !l.startsWith('*') && !l.startsWith('/*'));
  return code.length > 0 && code.every((l) => /^(export|import|from|pub\s+use|pub\s+mod|mod|use|__all__|package)\b/.test(l) || /^[\w$\s,{}()[\]*"'`./@:-]+;?$/.test(l));
}



/** Earlier source files a file depends on (those written before it), in read order. */
function earlierDependencies(facts: RepoFacts, path: string): string[] {
  const at = facts.position.get(path)!;
  return facts.links.get(path)!.dependencies.filter((d) => facts.position.get(d)! < at);
}

/** Same-cycle dependencies that come later in the order. */
function laterDependencies(facts: RepoFacts, path: string): string[] {
  const at = facts.position.get(path)!;
  return facts.links.get(path)!.dependencies.filter((d) => facts.position.get(d)! > at);
}

/** What a file takes from one dependency, as names (possibly through a namespace), for prose. */
function takes(facts: RepoFacts, file: FileStructure, dep: string, max = 6): { text: string; names: string[]; namespace: string | null; all: boolean } {
  const depFile = facts.files.get(dep)!;
  const use = importUse(facts, file, depFile);
  let names = use.names;
  if (names.length === 0 && !use.all) names = keySymbolsOf(depFile, 4);
  const text = use.all && use.names.length === 0 ? 'everything it exports' : names.length ? listCode(names, max) : 'its module';
  return { text, names, namespace: use.namespace, all: use.all };
}

function purposeOf(facts: RepoFacts, file: FileStructure): string {
  const doc = moduleDoc(file);
  if (doc && doc.length >= 12) return withoutLongRuns(firstSentence(doc, 240));
  const top = topLevelSymbols(file);
  const deps = facts.links.get(file.path)!.dependencies;
  const depNames = shortNames(deps);
  if (file.content.trim() === '') {
    if (file.language === 'python' && baseName(file.path) === '__init__.py') return `Marks ${code(folderName(file.path) || '.')} as a Python package (the file is empty).`;
    return 'An empty file that only needs to exist.';
  }
  if (isTestPath(file.path)) {
    const subjects = deps.filter((d) => !isTestPath(d));
    return subjects.length ? `Tests for ${listCode(shortNames(subjects), 3)}.` : `Tests (${plural(file.lines, 'line')}) with no imports from the rest of the repository.`;
  }
  if (isBarrel(file)) {
    return deps.length ? `Collects and re-exports the API of ${listCode(depNames, 4)}.` : 'Declares what the package exposes; it has no declarations of its own.';
  }
  if (top.length === 0) {
    return deps.length ? `Top-level code (${plural(file.lines, 'line')}, no declarations) that wires together ${listCode(depNames, 3)}.` : `Top-level code only (${plural(file.lines, 'line')}, no declarations).`;
  }
  const exported = top.filter((s) => isExported(s, file.language));
  const main = exported.length ? exported : top;
  const lead = main[0];
  const leadDoc = symbolDoc(lead, 160);
  if (top.length <= 3) {
    const parts = top.map((s) => (s.name === 'default' ? `a default-exported ${kindWord(s, file.language)}` : `the ${code(s.name)} ${kindWord(s, file.language)}`));
    if (!leadDoc) return `Defines ${joinAnd(parts)}.`;
    if (top.length === 1) return `Defines ${parts[0]}: ${endSentence(docPhrase(lead.name, leadDoc))}`;
    return `Defines ${joinAnd(parts)}; ${code(lead.name)}: ${endSentence(docPhrase(lead.name, leadDoc))}`;
  }
  const centred = listCode([...new Set(main.map((s) => s.name))].slice(0, 3), 3);
  return `Defines ${kindCounts(top, file.language)}, centred on ${centred}${leadDoc ? ` (${code(lead.name)}: ${docPhrase(lead.name, leadDoc)})` : ''}.`;
}

/** A full stop, unless the text already ends with the ellipsis of a shortened quote. */
function endSentence(text: string): string {
  return text.endsWith('...') ? text : `${text}.`;
}

function lowerFirst(text: string): string {
  return /^[A-Z]([a-z]|\s)/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

/** A symbol's doc sentence as a phrase: lower-cased unless it starts with the symbol's own name (Go style). */
function docPhrase(name: string, doc: string): string {
  const text = withoutLongRuns(doc.replace(/\.$/, ''));
  return text.startsWith(name) ? text : lowerFirst(text);
}

function needsOf(facts: RepoFacts, file: FileStructure): string {
  const earlier = earlierDependencies(facts, file.path);
  const later = laterDependencies(facts, file.path);
  const parts: string[] = [];
  const names = shortNames(earlier);
  earlier.forEach((dep, i) => {
    const t = takes(facts, file, dep, 5);
    parts.push(`${code(names[i])} (${t.namespace && !t.all ? `as ${code(t.namespace)}: ` : ''}${t.text})`);
  });
  let text = parts.length ? `${parts.slice(0, 12).join('; ')}${parts.length > 12 ? `; and ${plural(parts.length - 12, 'more file')}` : ''}.` : 'Nothing from earlier files.';
  if (later.length) text += ` In a dependency cycle with ${listCode(shortNames(later), 4)}, written later.`;
  return text;
}

function planEntry(facts: RepoFacts, path: string): PlanFile {
  const file = facts.files.get(path)!;
  return { path, purpose: purposeOf(facts, file), needs: needsOf(facts, file), keySymbols: keySymbolsOf(file) };
}

/** The offline requirements markdown for a structure and its README excerpt. */
export function offlineRequirements(structure: RepoStructure, readme: string | null): string {
  return requirementsOf(factsOf(structure), readme);
}

/** The offline plan entry for one source file (also the fallback for files an LLM plan leaves out). */
export function offlinePlanEntry(structure: RepoStructure, path: string): PlanFile {
  return planEntry(factsOf(structure), path);
}

// ---------------------------------------------------------------------------------------------
// Main agent

/** External packages by number of importing files, named the way each language names a package. */
function externalPackages(facts: RepoFacts): { name: string; files: number }[] {
  const byName = new Map<string, Set<string>>();
  for (const e of facts.structure.external) {
    const spec = e.specifier;
    let name: string;
    switch (facts.files.get(e.from)?.language) {
      case 'python':
        name = spec.split('.')[0];
        break;
      case 'go':
        name = spec.split('/').slice(0, spec.includes('.') ? 3 : 1).join('/');
        break;
      case 'rust':
        name = spec.split('::')[0];
        break;
      case 'java':
        name = spec.split('.').slice(0, -1).join('.') || spec;
        break;
      default:
        name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    }
    if (!name || name.startsWith('.')) continue;
    const set = byName.get(name) ?? new Set<string>();
    set.add(e.from);
    byName.set(name, set);
  }
  return [...byName.entries()].map(([name, files]) => ({ name, files: files.size })).sort((a, b) => b.files - a.files || byCodeUnit(a.name, b.name));
}

const ENTRY_NAME = /(^|\/)(index|main|__main__|app|cli|server|lib|mod)\.[^/]+$|Application\.java$/;

function entryPoints(facts: RepoFacts): string[] {
  const order = facts.structure.order;
  const candidates = order.filter((p) => !isTestPath(p) && facts.links.get(p)!.dependents.length === 0 && (facts.links.get(p)!.dependencies.length > 0 || ENTRY_NAME.test(p)));
  const score = (p: string) => facts.links.get(p)!.dependencies.length + (ENTRY_NAME.test(p) ? 1000 : 0) - p.split('/').length;
  return candidates.sort((a, b) => score(b) - score(a) || byCodeUnit(a, b)).slice(0, 6);
}

function componentDescription(facts: RepoFacts, files: string[]): string {
  const index = files.find((p) => /(^|\/)(index|__init__|mod|lib|main|package-info)\.[^/]+$/.test(p) && moduleDoc(facts.files.get(p)!));
  if (index) return firstSentence(moduleDoc(facts.files.get(index)!)!, 200);
  const tests = files.filter(isTestPath).length;
  if (tests === files.length) return `tests (${plural(tests, 'file')})`;
  const central = [...files].filter((p) => !isTestPath(p)).sort((a, b) => facts.rankScore.get(b)! - facts.rankScore.get(a)! || byCodeUnit(a, b));
  const symbols = central.flatMap((p) => keySymbolsOf(facts.files.get(p)!, 2)).slice(0, 5);
  if (symbols.length) return `main pieces ${listCode(symbols, 5)}`;
  const documented = central.find((p) => moduleDoc(facts.files.get(p)!));
  if (documented) return `${code(baseName(documented))}: ${firstSentence(moduleDoc(facts.files.get(documented)!)!, 160)}`;
  return listCode(shortNames(central.length ? central : files), 4);
}

/**
 * What the software does, without a README: the manifest's description or the top module's doc,
 * then the public API it offers (the most depended-on exported declarations, by kind).
 */
function whatItDoes(facts: RepoFacts, name: string | null, language: string): string {
  const { structure } = facts;
  const entryLike = structure.order.filter((p) => /(^|\/)(index|__init__|lib|main|mod|package-info|doc)\.[^/]+$/.test(p));
  entryLike.sort((a, b) => a.split('/').length - b.split('/').length || byCodeUnit(a, b));
  const topDoc = entryLike.map((p) => moduleDoc(facts.files.get(p)!)).find((d): d is string => !!d && d.length >= 12);
  const described = manifestDescription(structure) ?? (topDoc ? firstSentence(inlineTagsAsText(topDoc), 240) : null);
  const subject = name ? code(name) : 'The project';
  const api = new Map<string, string[]>();
  const offer = (s: OutlineSymbol, file: FileStructure) => {
    if (s.name === 'default' || s.name.startsWith('_')) return;
    const kind = kindWord(s, file.language);
    const list = api.get(kind) ?? [];
    if (list.length < 4 && !list.includes(s.name)) list.push(s.name);
    api.set(kind, list);
  };
  const full = () => [...api.values()].reduce((n, l) => n + l.length, 0) >= 10;
  // The public API is what the top entry file exposes (its re-exports first), else the most depended-on exports.
  const entry = entryLike.find((p) => !isTestPath(p));
  if (entry) {
    const file = facts.files.get(entry)!;
    for (const dep of facts.links.get(entry)!.dependencies) {
      const depFile = facts.files.get(dep)!;
      const names = importUse(facts, file, depFile).names;
      for (const s of topLevelSymbols(depFile)) if (names.includes(s.name) && isExported(s, depFile.language)) offer(s, depFile);
      if (full()) break;
    }
    for (const s of topLevelSymbols(file)) if (isExported(s, file.language) && !full()) offer(s, file);
  }
  for (const path of facts.ranked) {
    if (full()) break;
    if (isTestPath(path)) continue;
    const file = facts.files.get(path)!;
    for (const s of topLevelSymbols(file)) if (isExported(s, file.language)) offer(s, file);
  }
  const offered = [...api.entries()]
    .sort((a, b) => b[1].length - a[1].length || byCodeUnit(a[0], b[0]))
    .slice(0, 3)
    .map(([kind, names]) => (names.length === 1 ? `the ${kind} ${code(names[0])}` : `${kindPlural(kind, names.length)} such as ${listCode(names, 4)}`));
  const sentence = described ? endSentence(described.replace(/\.$/, '')) : null;
  const first = sentence ? (name ? `${subject}: ${sentence}` : sentence) : `${subject} is a ${language} code base.`;
  return offered.length ? `${first} Its public API offers ${joinAnd(offered)}, built bottom-up from the files they depend on.` : first;
}

function requirementsOf(facts: RepoFacts, readme: string | null): string {
  const { structure } = facts;
  const name = projectName(structure);
  const summary = readmeSummary(readme);
  const sources = structure.order.map((p) => facts.files.get(p)!);
  const lines: string[] = [`# Requirements${name ? `: ${name}` : ''}`, ''];
  const langCounts = new Map<string, number>();
  for (const f of sources) langCounts.set(languageOf(f), (langCounts.get(languageOf(f)) ?? 0) + 1);
  const langs = [...langCounts.entries()].sort((a, b) => b[1] - a[1] || byCodeUnit(a[0], b[0]));
  const totalLines = sources.reduce((n, f) => n + f.lines, 0);
  if (summary.paragraph) lines.push(summary.paragraph);
  else if (sources.length === 0) lines.push('The repository has no source code in a language Retrace reads, so there is nothing to implement file by file.');
  else lines.push(whatItDoes(facts, name, langs[0][0]));
  if (sources.length === 0) return lines.join('\n');

  const tests = structure.order.filter(isTestPath).length;
  const internal = new Set(structure.edges.filter((e) => facts.sources.has(e.from) && facts.sources.has(e.to) && e.from !== e.to).map((e) => `${e.from}\0${e.to}`)).size;
  lines.push('', '## Scope');
  lines.push(`- ${plural(sources.length, 'source file')} (${langs.map(([l, n]) => `${l} ${n}`).join(', ')}), about ${plural(totalLines, 'line')}${tests ? `, of which ${plural(tests, 'test file')}` : ''}.`);
  lines.push(`- ${plural(internal, 'internal import')} between them; files are built bottom-up, each after the files it imports.`);
  if (structure.cycles.length) {
    const n = structure.cycles.length;
    const sizes = structure.cycles.map((c) => c.length).sort((a, b) => b - a);
    const sizeText = sizes.length <= 6 ? `${joinAnd(sizes.map(String))} files` : `the largest have ${joinAnd(sizes.slice(0, 3).map(String))} files; ${sizes.length - 3} more have ${sizes.slice(3).reduce((x, y) => x + y, 0)} files between them`;
    lines.push(`- ${n === 1 ? 'In one group, files depend' : `In ${n} groups, files depend`} on each other (${sizeText}); inside a group, a file may refer to one written after it, going by that file's plan entry.`);
  }
  const external = externalPackages(facts);
  if (external.length) lines.push(`- External dependencies: ${listCode(external.map((e) => e.name), 10)}.`);

  const { root, components } = componentsOf(structure.order);
  lines.push('', `## Components${root ? ` (under ${code(`${root}/`)})` : ''}`);
  const componentOfFile = new Map<string, string>();
  for (const [key, files] of components) for (const f of files) componentOfFile.set(f, key);
  const entries = [...components.entries()];
  for (const [key, files] of entries.slice(0, 20)) {
    const labelOf = (k: string) => (k === root ? (root ? `the files directly in ${code(`${root}/`)}` : 'the top-level files') : code(`${k}/`));
    const compLines = files.reduce((n, p) => n + facts.files.get(p)!.lines, 0);
    const uses = new Set<string>();
    for (const f of files) for (const d of facts.links.get(f)!.dependencies) if (componentOfFile.get(d) !== key) uses.add(componentOfFile.get(d)!);
    const usesText = uses.size ? ` Uses ${joinAnd([...uses].sort(byCodeUnit).slice(0, 4).map(labelOf))}${uses.size > 4 ? ` and ${uses.size - 4} more` : ''}.` : '';
    let partsText = '';
    if (key !== root && files.length >= 20) {
      const parts = componentsOf(files).components;
      if (parts.size > 1) {
        const listed = [...parts.entries()].sort((a, b) => b[1].length - a[1].length || byCodeUnit(a[0], b[0]));
        partsText = ` Parts: ${listed.slice(0, 6).map(([k, f]) => `${code(k === key ? `${k}/*` : `${k}/`)} (${f.length})`).join(', ')}${listed.length > 6 ? `, +${listed.length - 6} more` : ''}.`;
      }
    }
    lines.push(`- **${labelOf(key)}** (${plural(files.length, 'file')}, ${plural(compLines, 'line')}): ${componentDescription(facts, files).replace(/\.$/, '')}.${partsText}${usesText}`);
  }
  if (entries.length > 20) lines.push(`- ... and ${plural(entries.length - 20, 'more component')} (${plural(entries.slice(20).reduce((n, [, f]) => n + f.length, 0), 'file')}).`);

  const entry = entryPoints(facts);
  if (entry.length) {
    lines.push('', '## Entry points');
    for (const p of entry) lines.push(`- ${code(p)}: ${purposeOf(facts, facts.files.get(p)!)}`);
  }
  const foundations = structure.order.filter((p) => facts.links.get(p)!.dependencies.length === 0 && !isTestPath(p));
  const central = facts.ranked.filter((p) => facts.links.get(p)!.dependents.length > 0).slice(0, 5);
  if (central.length) {
    lines.push('', '## Foundations');
    lines.push(`- Most of the code rests on ${listCode(central, 5)}${foundations.length ? `; ${foundations.length === 1 ? '1 file depends' : `${foundations.length.toLocaleString('en-US')} files depend`} on nothing else in the repository` : ''}.`);
  }
  return lines.join('\n');
}

/** A plan entry, or an error naming the file it failed on (the offline model is deterministic: it fails again). */
function planEntryOrError(facts: RepoFacts, path: string): PlanFile {
  try {
    return planEntry(facts, path);
  } catch (err) {
    throw new FileSynthesisError(path, symbolOfError(err), true, err);
  }
}

function offlinePlan(context: MainAgentContext): Plan {
  const facts = factsOf(context.structure);
  return {
    requirements: requirementsOf(facts, context.readme),
    files: context.structure.order.map((p) => planEntryOrError(facts, p)),
  };
}

// ---------------------------------------------------------------------------------------------
// Sub-agents

function siblingsText(facts: RepoFacts, path: string): string {
  const folder = folderName(path);
  const siblings = facts.structure.order.filter((p) => p !== path && folderName(p) === folder);
  const where = folder ? code(`${folder}/`) : 'the top level';
  if (siblings.length === 0) return `It is the only source file in ${where}.`;
  const at = facts.position.get(path)!;
  const before = siblings.filter((p) => facts.position.get(p)! < at);
  return `It sits in ${where} with ${plural(siblings.length, 'other source file')}${before.length ? ` (${before.length} of them already written)` : ''}.`;
}

function offlineThinkPurpose(ctx: FileContext): string {
  const facts = factsOf(ctx.structure);
  const file = facts.files.get(ctx.entry.path)!;
  const path = file.path;
  const index = facts.position.get(path)! + 1;
  const total = facts.structure.order.length;
  const purpose = ctx.entry.purpose.trim() || purposeOf(facts, file);
  const opener = pick(
    [
      `Next is ${code(path)} (file ${index} of ${total}). ${purpose}`,
      `Now ${code(path)}, a ${languageOf(file)} file. ${purpose}`,
      `File ${index} of ${total}: ${code(path)}. ${purpose}`,
      `${code(path)} comes next in the plan. ${purpose}`,
    ],
    `${path}#open`,
  );
  const paragraphs = [opener];

  const links = facts.links.get(path)!;
  const dependents = links.dependents;
  const place: string[] = [siblingsText(facts, path)];
  if (isTestPath(path)) place.push('Being a test, nothing else depends on it.');
  else if (dependents.length === 0) place.push(pick(['Nothing in the repository imports it, so no later file depends on its names.', 'No other file imports it: it is one of the outer layers.'], `${path}#top`));
  else {
    const later = dependents.filter((d) => facts.position.get(d)! > facts.position.get(path)!);
    const ranked = [...dependents].sort((a, b) => facts.rankScore.get(b)! - facts.rankScore.get(a)! || byCodeUnit(a, b));
    // What the files that depend on it take from it: the names it must provide, exactly.
    const provided = new Map<string, number>();
    for (const d of dependents) for (const n of importUse(facts, facts.files.get(d)!, file).names) provided.set(n, (provided.get(n) ?? 0) + 1);
    const needed = [...provided.entries()].sort((a, b) => b[1] - a[1] || byCodeUnit(a[0], b[0])).map(([n]) => n);
    const must = needed.length ? ` They rely on ${listCode(needed, 6)}, so ${needed.length === 1 ? 'that name has' : 'those names have'} to be provided exactly.` : '';
    place.push(
      dependents.length === 1
        ? `One file builds on it: ${listCode(shortNames(ranked), 1)}.${must}`
        : `${plural(dependents.length, 'file')} import it${later.length < dependents.length ? ` (${later.length} of them later in the plan)` : ''}, among them ${listCode(shortNames(ranked), 3)}.${must || ' Its names need to be right.'}`,
    );
  }
  paragraphs.push(place.join(' '));

  const deps = ctx.dependencies;
  const later = laterDependencies(facts, path);
  let reading: string;
  if (deps.length === 0 && later.length === 0) {
    reading = pick(['It depends on nothing written so far, so I can go straight to writing it.', 'It imports nothing from the rest of the repository; no reading needed first.'], `${path}#read`);
  } else if (deps.length === 0) {
    reading = `Its only imports are in its own cycle and not written yet (${listCode(shortNames(later), 4)}), so I'll work from ${later.length === 1 ? 'that plan entry' : 'their plan entries'}.`;
  } else {
    reading = pick(
      [`It comes now because ${deps.length === 1 ? 'the file it builds on is' : `the ${deps.length} files it builds on are`} written. Before writing it I'll read ${listCode(shortNames(deps), 6)}.`, `First I'll look at ${listCode(shortNames(deps), 6)} to see exactly what ${deps.length === 1 ? 'it provides' : 'they provide'}.`, `It builds on ${listCode(shortNames(deps), 6)}; I'll read ${deps.length === 1 ? 'that' : 'those'} first.`],
      `${path}#read`,
    );
    if (later.length) reading += ` It is in a dependency cycle: ${listCode(shortNames(later), 4)} ${later.length === 1 ? 'comes' : 'come'} later, so for ${later.length === 1 ? 'that one' : 'those'} I'll go by the plan.`;
  }
  paragraphs.push(reading);
  return paragraphs.join('\n\n');
}

/**
 * Quoted code or doc text is kept shorter than what the search's leakage filter rejects: fewer
 * than 12 consecutive tokens of the file, and never a whole non-trivial line of it. A quote of 4+
 * tokens that is 6+ tokens or 20+ characters long could be such a line, so it loses its last token;
 * one of at most 3 tokens is a name (the filter allows naming), so it is kept whole, however long.
 */
const MAX_QUOTED_TOKENS = 11;
const QUOTE_TOKEN = /[A-Za-z_$][\w$]*|\d+|\S/g;

/** How many leading tokens of a quote of `count` tokens to keep. */
function quotedTokenCount(text: string, count: number): number {
  if (count <= 3) return count;
  if (count > MAX_QUOTED_TOKENS) return MAX_QUOTED_TOKENS;
  return count >= 6 || text.length >= 20 ? count - 1 : count;
}

export function withoutLongRuns(text: string, keepThrough = 0): string {
  const tokens = [...text.matchAll(QUOTE_TOKEN)];
  let keep = Math.max(quotedTokenCount(text, tokens.length), Math.min(keepThrough, tokens.length));
  if (keep >= tokens.length) return text;
  // A cut quote does not end on an opening bracket or separator (`f(a, b…`, not `f(…` or `x:…`).
  while (keep > Math.max(1, keepThrough) && /^[(<[{,:;=.|&]$/.test(tokens[keep - 1][0])) keep--;
  const last = tokens[keep - 1];
  return `${text.slice(0, last.index + last[0].length)}...`;
}

/**
 * A declaration head as quoted in a Think: shortened like any quote, but never before the declared name.
 * Given the declaration's own source line, a head of at most MAX_QUOTED_TOKENS tokens that is not that
 * whole line (it lacks the value, the body opener or the `;`) is quoted whole: it cannot copy a line.
 */
export function quotedHead(head: string, name: string, sourceLine?: string): string {
  const tokens = [...head.matchAll(QUOTE_TOKEN)];
  if (sourceLine !== undefined && tokens.length <= MAX_QUOTED_TOKENS && head.trim() !== sourceLine.trim()) return head;
  const at = name ? tokens.findIndex((t) => t[0] === name) : -1;
  return withoutLongRuns(head, at === -1 ? 0 : at + 1);
}

function describeSymbol(s: OutlineSymbol, language: Language | null, lines: readonly string[]): string {
  const doc = symbolDoc(s, 140);
  const head = quotedHead(declarationHead(s, 140), s.name, lines[s.startLine - 1]);
  const kind = kindWord(s, language);
  const named = new RegExp(`\\b${kind.split(' ')[0]}\\b`).test(head) || (kind === 'function' && /\b(def|fn|func)\b/.test(head)) || (kind === 'constant' && /\b(const|static|final)\b/.test(head));
  return `${named ? '' : `${kind} `}${code(head)}${doc ? ` - ${docPhrase(s.name, doc)}` : ''}`;
}

function offlineThinkImplementation(ctx: FileContext): string {
  const facts = factsOf(ctx.structure);
  const file = facts.files.get(ctx.entry.path)!;
  const path = file.path;
  const paragraphs: string[] = [];

  // What the dependencies provide.
  if (ctx.dependencies.length) {
    const names = shortNames(ctx.dependencies);
    const parts = ctx.dependencies.map((dep, i) => {
      const t = takes(facts, file, dep, 6);
      if (t.all) return `${code(names[i])} is re-exported wholesale`;
      if (t.namespace && t.names.length) return `from ${code(names[i])} (as ${code(t.namespace)}) I use ${t.text}`;
      if (t.namespace) return `${code(names[i])} comes in as ${code(t.namespace)}`;
      return `from ${code(names[i])} I need ${t.text}`;
    });
    const shown = parts.slice(0, 10);
    const rest = parts.length - shown.length;
    const intro = pick(['Having read the dependencies: ', 'What the files I read give me: ', 'From what I just read: '], `${path}#deps`);
    paragraphs.push(`${intro}${shown.join('; ')}${rest > 0 ? `; plus ${plural(rest, 'more file')}` : ''}.`);
  }
  const later = laterDependencies(facts, path);
  if (later.length) {
    const cyc = later.map((d) => {
      const entry = ctx.plan.files.find((f) => f.path === d);
      const names = entry?.keySymbols.length ? entry.keySymbols : keySymbolsOf(facts.files.get(d)!, 4);
      return `${code(baseName(d))}${names.length ? ` (${listCode(names, 3)})` : ''}`;
    });
    paragraphs.push(`Not written yet but imported: ${joinAnd(cyc.slice(0, 6))}${cyc.length > 6 ? ` and ${cyc.length - 6} more` : ''}; I'll refer to those by their planned names.`);
  }
  const external = [...new Set(facts.structure.external.filter((e) => e.from === path).map((e) => e.specifier))];
  if (external.length) paragraphs.push(`From outside the repository it uses ${listCode(external, 6)}.`);

  // The declarations, in order.
  const top = topLevelSymbols(file);
  const lang = languageOf(file);
  if (file.content.trim() === '') {
    paragraphs.push('The file itself is empty; I only have to create it.');
  } else if (top.length === 0) {
    if (isBarrel(file)) paragraphs.push(`There is nothing to declare here: the file is a list of re-exports (${plural(file.lines, 'line')} of ${lang}), one per module it exposes.`);
    else paragraphs.push(`There are no declarations to plan: it is ${plural(file.lines, 'line')} of top-level ${lang} code${isTestPath(path) ? ', test cases calling into what I read' : ''}.`);
  } else {
    const members = new Map<string, OutlineSymbol[]>();
    for (const s of file.symbols) {
      if (s.parent === null) continue;
      const list = members.get(s.parent) ?? [];
      list.push(s);
      members.set(s.parent, list);
    }
    const MAX = 24;
    const sourceLines = file.content.split('\n');
    const shown = top.slice(0, MAX);
    const items = shown.map((s) => describingSymbol(s, () => {
      let item = `- ${describeSymbol(s, file.language, sourceLines)}`;
      const m = members.get(s.name);
      if (m && m.length) {
        const names = [...new Set(m.map((x) => x.name))];
        item += `${item.endsWith('`') ? '' : ';'} with ${names.length === 1 ? 'member' : 'members'} ${listCode(names, 8)}`;
      }
      return item;
    }));
    const intro = pick(
      [`The file defines, in this order (${kindCounts(top, file.language)}):`, `In order, I'll define ${kindCounts(top, file.language)}:`, `Declarations to write, top to bottom (${kindCounts(top, file.language)}):`],
      `${path}#decl`,
    );
    paragraphs.push([intro, ...items].join('\n'));
    if (top.length > MAX) {
      const rest = top.slice(MAX);
      paragraphs.push(`After those come ${kindCounts(rest, file.language)} more, including ${listCode([...new Set(rest.map((s) => s.name))], 8)}.`);
    }
    const classes = top.filter((s) => (members.get(s.name)?.length ?? 0) >= 3);
    if (classes.length) {
      const biggest = [...classes].sort((a, b) => members.get(b.name)!.length - members.get(a.name)!.length || a.startLine - b.startLine)[0];
      paragraphs.push(`Most of the body is ${code(biggest.name)}, with ${plural(members.get(biggest.name)!.length, 'member')}.`);
    }
  }

  if (file.content.trim() === '') {
    paragraphs.push(`Creating ${code(path)} now.`);
    return paragraphs.join('\n\n');
  }
  const closing = pick(
    [`That comes to about ${plural(file.lines, 'line')} of ${lang}. Writing ${code(baseName(path))} now.`, `With that settled I'll write ${code(path)} (${plural(file.lines, 'line')}).`, `Now to write it out: ${plural(file.lines, 'line')} of ${lang}.`],
    `${path}#close`,
  );
  paragraphs.push(closing);
  return paragraphs.join('\n\n');
}
