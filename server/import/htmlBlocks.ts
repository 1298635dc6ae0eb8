/**
 * Mammoth's HTML into source blocks. Mammoth writes a small, well-formed subset (p, h1–h6,
 * ul/ol/li, strong, em, br, a, table cells, img), so a tag scanner is enough; no HTML parser is
 * needed. A line break inside a paragraph starts a new block, because Word users put header lines
 * (name, title, e-mail) and signature rules in one paragraph with soft breaks.
 */
import { mergeRuns, type InlineRun } from '../../shared/doc/blocks';
import { isRuleLine, listMarker, type SourceBlock } from './sourceBlocks';

const TOKEN = /<(\/?)([a-zA-Z0-9]+)[^>]*?(\/?)>|([^<]+)/g;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

interface OpenBlock {
  kind: 'paragraph' | 'heading';
  level: number;
  runs: InlineRun[];
}

export function htmlToSourceBlocks(html: string): SourceBlock[] {
  const blocks: SourceBlock[] = [];
  let bold = 0;
  let italic = 0;
  let open: OpenBlock | undefined;
  /** Nesting of lists; items of nested lists are flattened into the outermost list. */
  const lists: Array<{ ordered: boolean }> = [];
  let listItems: InlineRun[][] = [];
  let item: InlineRun[] | undefined;

  const addText = (text: string): void => {
    const run: InlineRun = { text };
    if (bold > 0) run.bold = true;
    if (italic > 0) run.italic = true;
    if (item) item.push(run);
    else if (open) open.runs.push(run);
  };
  const closeBlock = (): void => {
    if (!open) return;
    pushParagraphOrHeading(blocks, open);
    open = undefined;
  };
  const closeItem = (): void => {
    if (item) listItems.push(mergeRuns(trimRuns(item)));
    item = undefined;
  };

  for (const match of html.matchAll(TOKEN)) {
    const [, closing, rawTag, selfClosing, text] = match;
    if (text !== undefined) {
      addText(decodeEntities(text));
      continue;
    }
    const tag = rawTag!.toLowerCase();
    const isClose = closing === '/';
    if (tag === 'strong' || tag === 'b') bold += isClose ? -1 : 1;
    else if (tag === 'em' || tag === 'i') italic += isClose ? -1 : 1;
    else if (tag === 'br') {
      if (item) item.push({ text: ' ' });
      else if (open) {
        const kind = open.kind;
        const level = open.level;
        closeBlock();
        open = { kind, level, runs: [] };
      }
    } else if (tag === 'p' || /^h[1-6]$/.test(tag)) {
      if (lists.length) continue;
      closeBlock();
      if (!isClose && selfClosing !== '/') {
        open = tag === 'p' ? { kind: 'paragraph', level: 0, runs: [] } : { kind: 'heading', level: Number(tag[1]), runs: [] };
      }
    } else if (tag === 'ul' || tag === 'ol') {
      if (!isClose) {
        closeBlock();
        closeItem();
        lists.push({ ordered: tag === 'ol' });
      } else {
        closeItem();
        const finished = lists.pop();
        if (lists.length === 0 && finished) {
          const items = listItems.filter((runs) => runs.length > 0);
          if (items.length) blocks.push({ kind: 'list', ordered: finished.ordered, items });
          listItems = [];
        }
      }
    } else if (tag === 'li') {
      closeItem();
      if (!isClose) item = [];
    }
  }
  closeBlock();
  return blocks;
}

function trimRuns(runs: InlineRun[]): InlineRun[] {
  const merged = mergeRuns(runs.map((run) => ({ ...run, text: run.text.replace(/\s+/g, ' ') })));
  if (merged[0]) merged[0].text = merged[0].text.trimStart();
  const last = merged[merged.length - 1];
  if (last) last.text = last.text.trimEnd();
  return merged.filter((run) => run.text !== '');
}

/** Typed list markers and rules in Word paragraphs mean what they mean in text files. */
function pushParagraphOrHeading(blocks: SourceBlock[], open: OpenBlock): void {
  const runs = trimRuns(open.runs);
  const text = runs.map((run) => run.text).join('');
  if (!text) return;
  if (isRuleLine(text)) {
    blocks.push({ kind: 'rule' });
    return;
  }
  if (open.kind === 'heading') {
    blocks.push({ kind: 'heading', level: open.level, runs: [{ text }] });
    return;
  }
  const marker = listMarker(text);
  if (marker) {
    const first = runs[0]!;
    const cut = text.length - marker.rest.length;
    const itemRuns = trimRuns([{ ...first, text: first.text.slice(cut) }, ...runs.slice(1)]);
    const previous = blocks[blocks.length - 1];
    if (previous?.kind === 'list' && previous.ordered === marker.ordered) previous.items.push(itemRuns);
    else blocks.push({ kind: 'list', ordered: marker.ordered, items: [itemRuns] });
    return;
  }
  blocks.push({ kind: 'paragraph', runs });
}
