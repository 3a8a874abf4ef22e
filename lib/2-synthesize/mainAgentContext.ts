/**
 * The main agent's view of the repository, rendered as prompt text under a token budget:
 * summary line, README excerpt, file tree, internal dependency edges and outlines.
 *
 * When everything fits the budget (default 6,000 Llama-3 tokens) it is all there. Otherwise it is
 * compressed deterministically, by importance rank (`factsOf(...).ranked`: PageRank over import edges
 * plus number of dependents):
 * - the README excerpt is kept (at most ~30% of the budget);
 * - the tree lists the names of the top-ranked files in their folders and counts the rest per folder
 *   (deep folders are folded into their ancestors if even the folder list is too long), within ~15%
 *   of what the header and README leave;
 * - edges are listed for the top-ranked importing files, within ~15%;
 * - the remaining budget goes to outlines (at most 20 symbols each; top-level symbols only for files
 *   with more), most important file first;
 *   the other files appear only by path (in the tree, as far as it lists them);
 * - a closing note says what was left out.
 */
import type { FileStructure, RepoStructure } from '../1-ingest/structure/extractStructure';
import type { Language } from '../1-ingest/structure/types';
import { countTokens } from '../platform/tokens/countTokens';
import type { MainAgentContext } from './types';
import { baseName, byCodeUnit, factsOf, folderName, LANGUAGE_LABEL, moduleDoc, readmeExcerpt, type RepoFacts } from './facts';
import { plural } from '../platform/format';
import { outlineLines } from './outline';

export const DEFAULT_CONTEXT_BUDGET = 6000;

export interface MainAgentContextOptions {
  /** Token budget for the whole text (default 6,000). Budgets under ~300 tokens cannot always be met. */
  budgetTokens?: number;
  /** Symbols per outline when everything fits (default 40). */
  maxSymbolsPerFile?: number;
  /** Symbols per outline when compressing (default 20; files with more list only top-level symbols). */
  compressedSymbolsPerFile?: number;
}

export interface RenderedMainAgentContext {
  text: string;
  tokens: number;
  budgetTokens: number;
  /** Whether anything was left out. */
  compressed: boolean;
  /** Source files whose outline is in the text, most important first. */
  outlined: string[];
  omitted: { outlines: number; edges: number; treeFiles: number; readmeChars: number };
}

/** The main agent's input for a structure: the structure itself and the README excerpt (first ~2,000 characters). */
export function mainAgentContextOf(structure: RepoStructure, readmeChars = 2000): MainAgentContext {
  return { structure, readme: readmeExcerpt(structure, readmeChars) };
}

/** Files in tree order of preference: source files by rank, then README and manifests, then the rest by path. */
function treePriority(facts: RepoFacts): string[] {
  const others = facts.structure.files.filter((f) => !facts.sources.has(f.path)).map((f) => f.path);
  const manifest = (p: string) => /^(readme[^/]*|package\.json|go\.mod|cargo\.toml|pyproject\.toml|setup\.py|pom\.xml|build\.gradle[^/]*|tsconfig\.json)$/i.test(p);
  others.sort((a, b) => Number(manifest(b)) - Number(manifest(a)) || byCodeUnit(a, b));
  return [...facts.ranked, ...others];
}

function renderTree(paths: readonly string[], shown: ReadonlySet<string>, maxDepth: number): string[] {
  const byFolder = new Map<string, { names: string[]; hidden: number; folders: Set<string> }>();
  for (const p of paths) {
    const folder = folderName(p);
    const parts = folder ? folder.split('/') : [];
    const key = parts.slice(0, maxDepth).join('/');
    const entry = byFolder.get(key) ?? { names: [], hidden: 0, folders: new Set<string>() };
    if (parts.length > maxDepth) {
      entry.hidden++;
      entry.folders.add(parts.slice(0, maxDepth + 1).join('/'));
    } else if (shown.has(p)) entry.names.push(baseName(p));
    else entry.hidden++;
    byFolder.set(key, entry);
  }
  const lines: string[] = [];
  for (const key of [...byFolder.keys()].sort(byCodeUnit)) {
    const e = byFolder.get(key)!;
    e.names.sort(byCodeUnit);
    const label = key === '' ? './' : `${key}/`;
    const more: string[] = [];
    if (e.hidden > 0) more.push(e.names.length ? `+${e.hidden} more` : plural(e.hidden, 'file'));
    if (e.folders.size > 0) more.push(`in ${plural(e.folders.size, 'subfolder')} not expanded`);
    const moreText = more.length ? `${e.names.length ? ' ' : ''}(${more.join(' ')})` : '';
    lines.push(`${label} ${e.names.join(', ')}${moreText}`.replace(/\s+$/, ''));
  }
  return lines;
}

function renderEdges(facts: RepoFacts, importers: readonly string[]): string[] {
  return importers.map((p) => `${p} -> ${facts.links.get(p)!.dependencies.join(', ')}`);
}

function renderOutline(facts: RepoFacts, file: FileStructure, maxSymbols: number, compressed: boolean): string[] {
  const links = facts.links.get(file.path)!;
  const bits = [file.language ? LANGUAGE_LABEL[file.language] : 'text', plural(file.lines, 'line')];
  if (links.dependents.length) bits.push(`imported by ${plural(links.dependents.length, 'file')}`);
  const lines = [`### ${file.path} (${bits.join(', ')})`];
  const doc = moduleDoc(file);
  if (doc) lines.push(`> ${doc.length > 300 ? `${doc.slice(0, 299)}...` : doc}`);
  const view = compressed && file.symbols.length > maxSymbols ? { ...file, symbols: file.symbols.filter((s) => s.parent === null) } : file;
  const outline = outlineLines(view, { maxSymbols });
  if (view !== file && file.symbols.length > view.symbols.length && view.symbols.length <= maxSymbols) outline.push(`- ... and ${plural(file.symbols.length - view.symbols.length, 'member')}`);
  lines.push(...(outline.length ? outline : ['- (no declarations)']));
  return lines;
}

const FITS_CHARS_PER_TOKEN = 8;

/** Tokens of `text`, or `Infinity` when it obviously exceeds `limit` (saves tokenizing huge drafts). */
function measure(text: string, limit: number): number {
  if (text.length > limit * FITS_CHARS_PER_TOKEN) return Infinity;
  return countTokens(text);
}

/** The largest k in [0, n] with fits(k) (assumed monotone), by binary search. */
function largestFitting(n: number, fits: (k: number) => boolean): number {
  let lo = 0;
  let hi = n;
  if (fits(n)) return n;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function summaryLine(facts: RepoFacts): string {
  const { structure } = facts;
  const counts = new Map<Language, number>();
  let lines = 0;
  for (const p of structure.order) {
    const f = facts.files.get(p)!;
    counts.set(f.language!, (counts.get(f.language!) ?? 0) + 1);
    lines += f.lines;
  }
  const langs = [...counts.entries()].sort((a, b) => b[1] - a[1] || byCodeUnit(a[0], b[0])).map(([l, n]) => `${LANGUAGE_LABEL[l]} ${n}`);
  const internal = new Set(structure.edges.filter((e) => facts.sources.has(e.from) && facts.sources.has(e.to) && e.from !== e.to).map((e) => `${e.from}\0${e.to}`));
  const parts = [
    `${plural(structure.order.length, 'source file')}${langs.length ? ` (${langs.join(', ')})` : ''}`,
    `${plural(structure.files.length - structure.order.length, 'other file')}`,
    `${plural(lines, 'line')} of source`,
    `${plural(internal.size, 'internal dependency', 'internal dependencies')}`,
    `${plural(structure.cycles.length, 'dependency cycle')}`,
  ];
  return `${parts.join('; ')}.`;
}

/** Renders the main agent's context under the budget (see the module comment for the rules). Pure. */
export function renderMainAgentContext(context: MainAgentContext, options: MainAgentContextOptions = {}): RenderedMainAgentContext {
  const budget = options.budgetTokens ?? DEFAULT_CONTEXT_BUDGET;
  const maxSymbols = options.maxSymbolsPerFile ?? 40;
  const compressedSymbols = options.compressedSymbolsPerFile ?? 20;
  const facts = factsOf(context.structure);
  const { structure } = facts;
  const allPaths = structure.files.map((f) => f.path).sort(byCodeUnit);
  const priority = treePriority(facts);
  const importers = facts.ranked.filter((p) => facts.links.get(p)!.dependencies.length > 0);
  const edgeCount = importers.reduce((n, p) => n + facts.links.get(p)!.dependencies.length, 0);
  const maxDepth = Math.max(0, ...allPaths.map((p) => (folderName(p) ? folderName(p).split('/').length : 0)));
  let compressed = false;
  const outlines = new Map<string, string>();
  const outlineOf = (p: string) => {
    const key = `${compressed}\0${p}`;
    let text = outlines.get(key);
    if (text === undefined) {
      text = renderOutline(facts, facts.files.get(p)!, compressed ? compressedSymbols : maxSymbols, compressed).join('\n');
      outlines.set(key, text);
    }
    return text;
  };

  const header = (readme: string | null) => {
    const parts = ['# Repository structure', summaryLine(facts)];
    if (readme) parts.push('', '## README (excerpt)', readme);
    return parts.join('\n');
  };
  const cyclesSection = () => {
    if (structure.cycles.length === 0) return [];
    return ['', '## Dependency cycles (files that import or, in Go/Java, use each other)', ...structure.cycles.map((c) => `- ${c.length <= 12 ? c.join(', ') : `${c.slice(0, 12).join(', ')} (+${c.length - 12} more)`}`)];
  };
  const assemble = (readme: string | null, tree: string[], edges: string[], outlined: string[], notes: string[]) => {
    const parts = [header(readme), '', '## File tree', ...(tree.length ? tree : ['(empty repository)'])];
    if (edgeCount > 0) parts.push('', '## Internal dependencies (file -> files it imports)', ...edges);
    parts.push(...cyclesSection());
    if (outlined.length) parts.push('', '## Outlines', ...outlined.map(outlineOf));
    if (notes.length) parts.push('', ...notes);
    return parts.join('\n');
  };

  // Everything, if it fits.
  const fullTree = renderTree(allPaths, new Set(allPaths), maxDepth);
  const fullEdges = renderEdges(facts, importers);
  const full = assemble(context.readme, fullTree, fullEdges, facts.ranked, []);
  const fullTokens = measure(full, budget);
  if (fullTokens <= budget) {
    return {
      text: full,
      tokens: fullTokens,
      budgetTokens: budget,
      compressed: false,
      outlined: [...facts.ranked],
      omitted: { outlines: 0, edges: 0, treeFiles: 0, readmeChars: 0 },
    };
  }

  compressed = true;
  // README: at most ~30% of the budget.
  let readme = context.readme;
  let readmeOmitted = 0;
  if (readme && countTokens(readme) > budget * 0.3) {
    const keep = largestFitting(readme.length, (k) => countTokens(readme!.slice(0, k)) <= budget * 0.3);
    readmeOmitted = readme.length - keep;
    readme = `${readme.slice(0, keep).trimEnd()}\n...`;
  }
  const fixed = measure(header(readme), budget) + measure(cyclesSection().join('\n'), budget) + 120; // headings and the closing note
  const rest = Math.max(0, budget - fixed);

  // Tree: fold folders deeper than `depth` until the bare folder list fits ~15%, then name the top files.
  const treeShare = rest * 0.15;
  let depth = maxDepth;
  while (depth > 0 && measure(renderTree(allPaths, new Set(), depth).join('\n'), treeShare) > treeShare) depth--;
  const shownCount = largestFitting(priority.length, (k) => measure(renderTree(allPaths, new Set(priority.slice(0, k)), depth).join('\n'), treeShare) <= treeShare);
  const shown = new Set(priority.slice(0, shownCount));
  const tree = renderTree(allPaths, shown, depth);
  const treeTokens = measure(tree.join('\n'), rest);

  // Edges of the top-ranked importers, ~15%.
  const edgeShare = rest * 0.15;
  const edgeFiles = largestFitting(importers.length, (k) => measure(renderEdges(facts, importers.slice(0, k)).join('\n'), edgeShare) <= edgeShare);
  const edges = renderEdges(facts, importers.slice(0, edgeFiles));
  const shownEdges = importers.slice(0, edgeFiles).reduce((n, p) => n + facts.links.get(p)!.dependencies.length, 0);
  if (edgeFiles < importers.length) edges.push(`... ${plural(edgeCount - shownEdges, 'more edge')} from ${plural(importers.length - edgeFiles, 'less central file')}`);
  const edgeTokens = measure(edges.join('\n'), rest);

  // Outlines with whatever is left, most important first.
  const outlineShare = Math.max(0, rest - treeTokens - edgeTokens);
  const notesFor = (k: number) => {
    const left: string[] = [];
    if (k < facts.ranked.length) left.push(`outlines of ${(facts.ranked.length - k).toLocaleString('en-US')} of ${plural(facts.ranked.length, 'source file')}`);
    if (shownEdges < edgeCount) left.push(`${(edgeCount - shownEdges).toLocaleString('en-US')} of ${plural(edgeCount, 'dependency edge')}`);
    if (shown.size < allPaths.length) left.push(`the names of ${(allPaths.length - shown.size).toLocaleString('en-US')} of ${plural(allPaths.length, 'file')} in the tree (counted per folder)`);
    if (readmeOmitted > 0) left.push(`the README after its first ${plural(readme!.length - 2, 'character')}`);
    return left.length ? [`(Left out to fit the ${budget.toLocaleString('en-US')}-token budget: ${left.join('; ')}. Files were ranked by how much of the repository depends on them.)`] : [];
  };
  let outlinedCount = largestFitting(facts.ranked.length, (k) => measure(facts.ranked.slice(0, k).map(outlineOf).join('\n'), outlineShare) <= outlineShare);
  let text = assemble(readme, tree, edges, facts.ranked.slice(0, outlinedCount), notesFor(outlinedCount));
  let tokens = countTokens(text);
  while (tokens > budget && outlinedCount > 0) {
    outlinedCount--;
    text = assemble(readme, tree, edges, facts.ranked.slice(0, outlinedCount), notesFor(outlinedCount));
    tokens = countTokens(text);
  }
  return {
    text,
    tokens,
    budgetTokens: budget,
    compressed: true,
    outlined: facts.ranked.slice(0, outlinedCount),
    omitted: {
      outlines: facts.ranked.length - outlinedCount,
      edges: edgeCount - shownEdges,
      treeFiles: allPaths.length - shown.size,
      readmeChars: readmeOmitted,
    },
  };
}
