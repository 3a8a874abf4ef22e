/**
 * The inverse of flattenTrajectory, for checking that a flattened text is unambiguous: it
 * reads the level from the first marker and splits the text into blocks by marker lines of
 * exactly that level. Content lines are never mistaken for markers because flattening chose
 * a level no content reaches.
 */
export interface ParsedBlock {
  /** `trajectory`, `agent main`, `agent sub`, `think`, `action read|write|plan`, `observation`. */
  name: string;
  attrs: Record<string, string>;
  /** The block's content without its final newline (null for markers without a closing one). */
  content: string | null;
}

const CLOSED = new Set(['think', 'observation']);

export function parseFlattened(text: string): ParsedBlock[] {
  const first = /^<(\|+)trajectory[ |]/.exec(text);
  if (!first) throw new Error('Not a flattened trajectory: it must start with the trajectory marker.');
  const bars = first[1];
  const markerLine = new RegExp(`^<${bars.replace(/\|/g, '\\|')}(/?)([a-z]+(?: [a-z]+)?)((?: [a-z]+="(?:[^"\\\\]|\\\\.)*")*)${bars.replace(/\|/g, '\\|')}>$`);
  const lines = text.split('\n');
  if (lines.pop() !== '') throw new Error('A flattened trajectory ends with a newline.');
  const blocks: ParsedBlock[] = [];
  let open: { block: ParsedBlock; lines: string[] } | null = null;
  for (const line of lines) {
    const m = markerLine.exec(line);
    if (!m) {
      if (!open) throw new Error(`Text outside any block: ${JSON.stringify(line.slice(0, 80))}`);
      open.lines.push(line);
      continue;
    }
    const [, slash, name, attrText] = m;
    if (slash) {
      if (!open || !(name === open.block.name.split(' ')[0])) {
        if (name === 'trajectory' || name === 'agent') continue;
        throw new Error(`Unexpected closing marker ${name}.`);
      }
      open.block.content = open.lines.join('\n');
      open = null;
      continue;
    }
    if (open) throw new Error(`Marker ${name} inside an open ${open.block.name} block.`);
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/ ([a-z]+)=("(?:[^"\\]|\\.)*")/g)) attrs[a[1]] = JSON.parse(a[2]);
    const block: ParsedBlock = { name, attrs, content: null };
    blocks.push(block);
    if (CLOSED.has(name) || name.startsWith('action ')) open = { block, lines: [] };
  }
  if (open) throw new Error(`The ${open.block.name} block is not closed.`);
  return blocks;
}
