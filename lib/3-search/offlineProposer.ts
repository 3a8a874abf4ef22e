/**
 * The offline proposer: deterministic rewrites of an implementation Think, grounded only in the real
 * structure (the file's outline, the import edges, the names each import takes, docs, the plan).
 *
 * Each candidate is built from sections: what the dependencies provide and which names come from each,
 * the declarations in order with their parameters and return types in prose (never the signature line),
 * class members, what later files take from this one, external packages, a compact inventory of names.
 * Six strategies order and weigh those sections differently; one of them keeps the current best Think
 * (minus any line that quotes the target) and adds what it lacks. Which strategies a round gets, and
 * the phrasing inside them, follow a hash of (seed, step, round, candidate index): the same input always
 * gives the same candidates, the candidates of one round differ, and later rounds go into more detail.
 *
 * The target code itself is used only to drop lines of the current Think that would quote it.
 */
import { baseName, byCodeUnit, code, factsOf, hashOf, importUse, isExported, joinAnd, keySymbolsOf, listCode, shortNames, LANGUAGE_LABEL, moduleDoc, topLevelSymbols, type RepoFacts } from '../2-synthesize/facts';
import { plural } from '../platform/format';
import { symbolDoc } from '../2-synthesize/outline';
import { readsFor } from '../2-synthesize/synthesize';
import type { FileStructure, RepoStructure } from '../1-ingest/structure/extractStructure';
import type { Language, OutlineSymbol } from '../1-ingest/structure/types';
import { createLeakageChecker, leakTokens } from './leakage';
import { constantType, heritage, parseCallable, type Param } from './signatures';
import type { CandidateProposer, ProposalInput } from './types';
import { seededRandom } from '../platform/random/seededRandom';

export const OFFLINE_PROPOSER_MODEL = 'offline-structural-v1';

/** Types longer than this many code tokens are named by their head only (`Record<…>`). */
const MAX_TYPE_TOKENS = 8;
/** Docs of the file itself are quoted up to this many code tokens. */
const MAX_QUOTED_TOKENS = 9;
/** A candidate stops growing at about this many characters. */
const MAX_CANDIDATE_CHARS = 9_000;

type Detail = 0 | 1 | 2;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function choose<T>(options: readonly T[], random: () => number): T {
  return options[Math.floor(random() * options.length) % options.length];
}



/** A type for prose: in backticks when short, else its leading name with an ellipsis. */
function typeText(type: string): string {
  const flat = type.replace(/\s+/g, ' ').trim();
  if (leakTokens(flat).length <= MAX_TYPE_TOKENS) return code(flat);
  const head = /^[&*\s]*(?:readonly\s+|mut\s+|dyn\s+|impl\s+)?([\p{L}_$][\p{L}\p{N}_$.:]*)/u.exec(flat);
  return head ? `${code(head[1])} (a longer type)` : 'a longer type';
}

/**
 * Prose that may quote the target (its docs, the plan's purpose built from them), cut to at most
 * `MAX_QUOTED_TOKENS` code tokens so that it stays well under the leakage filter's run.
 */
function clipQuoted(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const tokens = leakTokens(flat);
  if (tokens.length <= MAX_QUOTED_TOKENS) return flat;
  return `${flat.slice(0, tokens[MAX_QUOTED_TOKENS - 1].end)}...`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z\s]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

function kindOf(s: OutlineSymbol, language: Language | null): string {
  const sig = s.signature;
  if (language === 'rust' || language === 'go') {
    if (/\bstruct\b/.test(sig)) return 'struct';
    if (/\btrait\b/.test(sig)) return 'trait';
    if (/\binterface\b/.test(sig)) return 'interface';
    if (/\bimpl\b/.test(sig)) return 'impl block';
  }
  if (/\benum\b/.test(sig)) return 'enum';
  if (s.kind === 'type') return 'type alias';
  return s.kind;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

/** A parameter in the language's own notation (`a: Point`, `k string`, `long cents`), or null when it has no type. */
function nativeParam(p: Param, language: Language | null): string | null {
  if (!p.type || /^an? /.test(p.name)) return null;
  const type = p.type.replace(/\s+/g, ' ').trim();
  const text = language === 'go' ? `${p.name} ${type}` : language === 'java' ? `${type} ${p.name}` : `${p.name}: ${type}`;
  return leakTokens(text).length <= MAX_TYPE_TOKENS ? code(text) : null;
}

function paramText(p: Param, detail: Detail, language: Language | null): string {
  const native = detail === 2 ? nativeParam(p, language) : null;
  const name = native ?? (/^(an? )/.test(p.name) ? p.name : code(p.name));
  const notes: string[] = [];
  if (!native && detail > 0 && p.type) notes.push(typeText(p.type));
  if (p.optional) notes.push('optional');
  if (p.rest) notes.push('any number of them');
  return notes.length ? `${name} (${notes.join(', ')})` : name;
}

/** `takes `a: Point` and `b: Point` and returns `number`` — a signature in prose, never the declaration line. */
function callableProse(s: OutlineSymbol, language: Language | null, detail: Detail, random: () => number): string {
  const callable = parseCallable(s, language);
  if (!callable) return '';
  const params = callable.params.map((p) => paramText(p, detail, language));
  const takes = params.length === 0 ? choose(['takes no arguments', 'has no parameters'], random) : `${choose(['takes', 'accepts'], random)} ${joinAnd(params)}`;
  const isCtor = s.name === 'constructor' || s.name === '__init__' || s.name === 'new';
  const ret = callable.returns && !/^(void|None|\(\))$/.test(callable.returns) ? `${choose(['returns', 'gives back'], random)} ${typeText(callable.returns)}` : isCtor ? '' : callable.returns ? 'returns nothing' : '';
  return ret ? `${takes} and ${ret}` : takes;
}

interface FileView {
  facts: RepoFacts;
  file: FileStructure;
  path: string;
  language: Language | null;
  top: OutlineSymbol[];
  members: Map<string, OutlineSymbol[]>;
  dependencies: string[];
  later: string[];
  dependents: string[];
  external: string[];
}

function viewOf(structure: RepoStructure, path: string): FileView {
  const facts = factsOf(structure);
  const file = facts.files.get(path);
  if (!file) throw new Error(`${path} is not a file of this structure`);
  const members = new Map<string, OutlineSymbol[]>();
  for (const s of file.symbols) {
    if (s.parent === null) continue;
    const list = members.get(s.parent) ?? [];
    list.push(s);
    members.set(s.parent, list);
  }
  const at = facts.position.get(path) ?? 0;
  const links = facts.links.get(path) ?? { dependencies: [], dependents: [] };
  return {
    facts,
    file,
    path,
    language: file.language,
    top: topLevelSymbols(file),
    members,
    dependencies: facts.position.has(path) ? readsFor(structure, path) : [],
    later: links.dependencies.filter((d) => (facts.position.get(d) ?? 0) > at),
    dependents: links.dependents,
    external: [...new Set(structure.external.filter((e) => e.from === path).map((e) => e.specifier))],
  };
}

// ---------------------------------------------------------------------------------------------
// Sections

function dependenciesSection(v: FileView, plan: ProposalInput['trajectory']['plan'], detail: Detail, random: () => number): string {
  if (v.dependencies.length === 0 && v.later.length === 0) {
    return choose(['Nothing from the rest of the repository is needed here; the file stands on its own.', 'It imports nothing written earlier, so everything it uses is its own or external.'], random);
  }
  const names = shortNames(v.dependencies);
  const max = detail === 0 ? 6 : 12;
  const lines = v.dependencies.slice(0, max).map((dep, i) => {
    const depFile = v.facts.files.get(dep)!;
    const use = importUse(v.facts, v.file, depFile);
    const purpose = plan.files.find((f) => f.path === dep)?.purpose ?? moduleDoc(depFile) ?? '';
    const provides = keySymbolsOf(depFile, detail === 2 ? 10 : 6);
    let taken: string;
    if (use.all && use.names.length === 0) taken = 'I re-export everything it exports';
    else if (use.namespace && use.names.length) taken = `I bind it as ${code(use.namespace)} and use ${listCode(use.names, detail === 0 ? 6 : 14)} through it`;
    else if (use.namespace) taken = `I bind it as ${code(use.namespace)}`;
    else if (use.names.length) taken = `I import ${listCode(use.names, detail === 0 ? 6 : 14)}`;
    else taken = 'I only need it loaded';
    const what = detail > 0 && purpose ? ` ${purpose.replace(/\s+/g, ' ').trim()}` : '';
    const offer = provides.length && detail > 0 ? ` It provides ${listCode(provides, 10)}.` : '';
    return `- ${code(names[i])}:${what}${offer} From it ${taken}.`;
  });
  if (v.dependencies.length > max) lines.push(`- and ${plural(v.dependencies.length - max, 'more file')} I read.`);
  const intro = choose(['What the files I read give me:', 'The dependencies, and what I take from each:', 'From the files already written:'], random);
  const parts = [[intro, ...lines].join('\n')];
  if (v.later.length) {
    const later = v.later.slice(0, 6).map((d) => {
      const entry = plan.files.find((f) => f.path === d);
      const keys = entry?.keySymbols.length ? entry.keySymbols : keySymbolsOf(v.facts.files.get(d)!, 4);
      const use = importUse(v.facts, v.file, v.facts.files.get(d)!);
      const names = use.names.length ? use.names : keys;
      return `${code(baseName(d))} (${listCode(names, 4)})`;
    });
    parts.push(`In the same dependency cycle and not written yet: ${joinAnd(later)}; I refer to those names as planned.`);
  }
  return parts.join('\n\n');
}

function symbolLine(v: FileView, s: OutlineSymbol, detail: Detail, random: () => number): string {
  const kind = kindOf(s, v.language);
  const exported = isExported(s, v.language);
  const name = s.name === 'default' ? 'the default export' : code(s.name);
  const bits: string[] = [];
  const callable = s.kind === 'function' || s.kind === 'method' ? callableProse(s, v.language, detail, random) : '';
  let head = `${name}, ${article(`${exported && v.language !== 'python' && v.language !== 'go' ? 'exported ' : ''}${kind}`)}`;
  if (s.kind === 'class' || s.kind === 'interface') {
    const h = heritage(s);
    if (h.extends.length) head += ` extending ${joinAnd(h.extends.slice(0, 3).map(typeText))}`;
    if (h.implements.length) head += ` implementing ${joinAnd(h.implements.slice(0, 3).map(typeText))}`;
  }
  if (s.kind === 'constant') {
    const t = constantType(s);
    if (t) head += ` of type ${typeText(t)}`;
  }
  if (callable) head += ` that ${callable}`;
  bits.push(head);
  const doc = detail > 0 ? symbolDoc(s, 140) : null;
  if (doc) bits.push(lowerFirst(clipQuoted(doc.replace(/\.$/, ''))));
  const members = v.members.get(s.name);
  if (members && members.length) {
    const names = [...new Set(members.map((m) => m.name))];
    bits.push(`${names.length === 1 ? 'member' : 'members'} ${listCode(names, detail === 2 ? 24 : 10)}`);
  }
  return `- ${bits.join(' - ')}.`;
}

function declarationsSection(v: FileView, detail: Detail, exportedFirst: boolean, random: () => number): string {
  const { file, top } = v;
  if (file.content.trim() === '') return 'The file is empty; it only has to exist.';
  if (top.length === 0) {
    const lang = v.language ? LANGUAGE_LABEL[v.language] : 'text';
    return `It declares nothing: ${plural(file.lines, 'line')} of ${lang} made of imports, re-exports or top-level statements.`;
  }
  let list = top;
  if (exportedFirst) list = [...top.filter((s) => isExported(s, v.language)), ...top.filter((s) => !isExported(s, v.language))];
  const max = detail === 0 ? 12 : detail === 1 ? 24 : 40;
  const lines = list.slice(0, max).map((s) => symbolLine(v, s, detail, random));
  if (list.length > max) lines.push(`- then ${plural(list.length - max, 'more declaration')}: ${listCode([...new Set(list.slice(max).map((s) => s.name))], 16)}.`);
  const intro = exportedFirst
    ? choose(['Its public face first, then the internals:', 'What it exports, then what stays private:'], random)
    : choose([`Top to bottom, ${plural(top.length, 'declaration')}:`, `In source order, I'll define ${plural(top.length, 'declaration')}:`, `The declarations, in order (${plural(top.length, 'of them', 'of them')}):`], random);
  return [intro, ...lines].join('\n');
}

function membersSection(v: FileView, detail: Detail, random: () => number): string {
  const owners = v.top.filter((s) => (v.members.get(s.name)?.length ?? 0) > 0);
  if (owners.length === 0) return '';
  const paragraphs = owners.slice(0, detail === 2 ? 8 : 4).map((owner) => {
    const members = v.members.get(owner.name)!;
    const lines = members.slice(0, detail === 2 ? 30 : 14).map((m) => {
      const prose = m.kind === 'method' || m.kind === 'function' ? callableProse(m, v.language, detail === 0 ? 1 : detail, random) : '';
      const doc = symbolDoc(m, 100);
      return `- ${code(m.name)}${prose ? ` ${prose}` : ''}${doc ? ` - ${lowerFirst(clipQuoted(doc.replace(/\.$/, '')))}` : ''}.`;
    });
    if (members.length > lines.length) lines.push(`- and ${plural(members.length - lines.length, 'more member')}.`);
    return [`Inside ${code(owner.name)}:`, ...lines].join('\n');
  });
  return paragraphs.join('\n\n');
}

function dependentsSection(v: FileView, random: () => number): string {
  if (v.dependents.length === 0) return choose(['No other file imports it, so its names are free to choose, but they should match the plan.', 'Nothing else imports it: it is one of the outer layers.'], random);
  const ranked = [...v.dependents].sort((a, b) => (v.facts.rankScore.get(b) ?? 0) - (v.facts.rankScore.get(a) ?? 0) || byCodeUnit(a, b)).slice(0, 6);
  const names = shortNames(ranked);
  const parts = ranked.map((d, i) => {
    const use = importUse(v.facts, v.facts.files.get(d)!, v.file);
    if (use.all && use.names.length === 0) return `${code(names[i])} re-exports all of it`;
    if (use.names.length) return `${code(names[i])} uses ${listCode(use.names, 8)}`;
    return `${code(names[i])} imports it`;
  });
  const more = v.dependents.length > ranked.length ? `, and ${plural(v.dependents.length - ranked.length, 'more file')} import it` : '';
  return `${choose(['Who relies on it: ', 'Files planned to build on it: '], random)}${parts.join('; ')}${more}. Those names have to be exactly right.`;
}

function externalSection(v: FileView): string {
  return v.external.length ? `From outside the repository: ${listCode(v.external, 8)}.` : '';
}

function inventorySection(v: FileView, random: () => number): string {
  const own = [...new Set(v.top.map((s) => s.name))].filter((n) => n !== 'default');
  const imported = new Set<string>();
  for (const dep of [...v.dependencies, ...v.later]) for (const n of importUse(v.facts, v.file, v.facts.files.get(dep)!).names) imported.add(n);
  const params = new Set<string>();
  // Functions and methods only: a class's "parameters" are its base classes (`class E(ValueError)`).
  for (const s of v.file.symbols) {
    if (s.kind !== 'function' && s.kind !== 'method') continue;
    for (const p of parseCallable(s, v.language)?.params ?? []) if (/^[A-Za-z_$][\w$]*$/.test(p.name) && !['self', 'cls', 'this'].includes(p.name)) params.add(p.name);
  }
  const parts: string[] = [];
  if (own.length) parts.push(`names it introduces: ${listCode(own, 40)}`);
  if (imported.size) parts.push(`names it brings in: ${listCode([...imported], 30)}`);
  if (params.size) parts.push(`parameter names along the way: ${listCode([...params], 24)}`);
  if (parts.length === 0) return '';
  return `${choose(['The vocabulary of this file: ', 'Names to keep straight: '], random)}${parts.join('; ')}.`;
}

function purposeSection(v: FileView, plan: ProposalInput['trajectory']['plan']): string {
  const entry = plan.files.find((f) => f.path === v.path);
  const doc = moduleDoc(v.file);
  const bits = [entry?.purpose?.trim(), doc && entry && !entry.purpose.includes(doc.slice(0, 40)) ? doc : null].filter((b): b is string => !!b).map(clipQuoted);
  return bits.length ? `${code(v.path)}: ${bits.join(' ')}` : '';
}

function closingSection(v: FileView, random: () => number): string {
  if (v.file.content.trim() === '') return `Creating ${code(v.path)} now.`;
  const lang = v.language ? LANGUAGE_LABEL[v.language] : 'text';
  return choose([`That is about ${plural(v.file.lines, 'line')} of ${lang}; writing ${code(baseName(v.path))} now.`, `Now I'll write ${code(v.path)} (${plural(v.file.lines, 'line')}).`], random);
}

// ---------------------------------------------------------------------------------------------
// Strategies

interface Built {
  sections: string[];
}

type Strategy = (v: FileView, input: ProposalInput, detail: Detail, random: () => number, keep: (text: string, random: () => number) => string) => Built;

const STRATEGIES: { name: string; build: Strategy }[] = [
  {
    name: 'declarations-first',
    build: (v, input, d, r) => ({ sections: [purposeSection(v, input.trajectory.plan), declarationsSection(v, Math.max(1, d) as Detail, false, r), dependenciesSection(v, input.trajectory.plan, 0, r), closingSection(v, r)] }),
  },
  {
    name: 'dependencies-first',
    build: (v, input, d, r) => ({ sections: [dependenciesSection(v, input.trajectory.plan, Math.max(1, d) as Detail, r), externalSection(v), declarationsSection(v, d, false, r), closingSection(v, r)] }),
  },
  {
    name: 'api-contract',
    build: (v, input, d, r) => ({ sections: [purposeSection(v, input.trajectory.plan), dependentsSection(v, r), declarationsSection(v, Math.max(1, d) as Detail, true, r), membersSection(v, d, r), closingSection(v, r)] }),
  },
  {
    name: 'walkthrough',
    build: (v, input, d, r) => ({ sections: [dependenciesSection(v, input.trajectory.plan, d, r), declarationsSection(v, d, false, r), membersSection(v, Math.max(1, d) as Detail, r), closingSection(v, r)] }),
  },
  {
    name: 'inventory',
    build: (v, input, d, r) => ({ sections: [inventorySection(v, r), declarationsSection(v, Math.max(1, d) as Detail, false, r), externalSection(v), closingSection(v, r)] }),
  },
  {
    name: 'extend-current',
    build: (v, input, d, r, keep) => ({ sections: [keep(input.current, r), inventorySection(v, r), d > 0 ? membersSection(v, d, r) : dependentsSection(v, r)] }),
  },
];

function assemble(sections: string[]): string {
  const out: string[] = [];
  let length = 0;
  // Paragraphs already written (the kept current Think may hold a section again): never repeat one.
  const written = new Set<string>();
  for (const s of sections) {
    const text = s
      .trim()
      .split(/\n\s*\n/)
      .filter((p) => !written.has(p.trim()))
      .join('\n\n')
      .trim();
    if (!text) continue;
    for (const p of text.split(/\n\s*\n/)) written.add(p.trim());
    if (length + text.length > MAX_CANDIDATE_CHARS && out.length > 0) {
      // Keep whole lines of the section while they fit.
      const lines: string[] = [];
      for (const line of text.split('\n')) {
        if (length + line.length + 1 > MAX_CANDIDATE_CHARS) break;
        lines.push(line);
        length += line.length + 1;
      }
      if (lines.length > 1) out.push(lines.join('\n'));
      break;
    }
    out.push(text);
    length += text.length + 2;
  }
  return out.join('\n\n');
}

/** The offline CandidateProposer for a structure (the one the trajectory was synthesized from). */
export function createOfflineProposer(structure: RepoStructure): CandidateProposer {
  return {
    provider: 'offline',
    model: OFFLINE_PROPOSER_MODEL,
    async propose(input: ProposalInput): Promise<string[]> {
      const path = input.step.file;
      if (path === null) return [];
      const v = viewOf(structure, path);
      const checker = createLeakageChecker(input.target);
      // The current Think with each line that quotes the target replaced by a prose line for the declaration
      // it names (or dropped when it names none).
      const keep = (text: string, random: () => number) =>
        text
          .split('\n')
          .map((line) => {
            if (checker.check(line) === null) return line;
            // The declaration named first in the line (a head names its own symbol before the types it uses).
            let symbol: OutlineSymbol | null = null;
            let at = Infinity;
            for (const s of v.top) {
              if (s.name === 'default') continue;
              const m = new RegExp(`(^|[^\\p{L}\\p{N}_$])${escapeRegExp(s.name)}(?![\\p{L}\\p{N}_$])`, 'u').exec(line);
              if (m && m.index < at) {
                at = m.index;
                symbol = s;
              }
            }
            const replacement = symbol ? symbolLine(v, symbol, 2, random) : null;
            return replacement !== null && checker.check(replacement) === null ? replacement : null;
          })
          .filter((line): line is string => line !== null)
          .join('\n');
      const base = hashOf(`${input.seed}:${input.step.ordinal}:${path}`);
      const detail = Math.min(2, input.round + 1) as Detail;
      const out: string[] = [];
      for (let i = 0; i < input.count; i++) {
        const index = (base + input.round * input.count + i) % STRATEGIES.length;
        const random = seededRandom(hashOf(`${input.seed}:${input.step.ordinal}:${input.round}:${i}`));
        const built = STRATEGIES[index].build(v, input, detail, random, keep);
        out.push(assemble(built.sections));
      }
      return out;
    },
  };
}

/** The strategy names, in rotation order (for documentation and tests). */
export const OFFLINE_STRATEGIES = STRATEGIES.map((s) => s.name);
