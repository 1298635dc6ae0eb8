/**
 * What a top-level paragraph's lines stand for. Word users put header lines (name, title, e-mail)
 * and signatures in one paragraph with soft breaks, and type list markers and signature rules as
 * text: before the first heading, or in a paragraph holding a signature rule, each line is a
 * block of its own and means what it would mean in a text file.
 */
import { runsText, type InlineRun } from '../../shared/doc/blocks';
import { splitRuns, tidyRuns } from './htmlInlineRuns';
import { isRuleLine, listMarker, type SourceBlock } from './sourceBlocks';

export interface ReadState {
  /** Whether a heading has been read at the top level (the header area is over). */
  pastHeader: boolean;
  topLevel: boolean;
}

/**
 * A paragraph, or (at the top level) what its lines stand for: typed list markers and signature
 * rules in Word paragraphs mean what they mean in text files.
 */
export function pushParagraph(blocks: SourceBlock[], runs: InlineRun[], state: ReadState): void {
  if (!runs.length) return;
  if (!state.topLevel) {
    blocks.push({ kind: 'paragraph', runs });
    return;
  }
  const lines = splitRuns(runs, '\n');
  const splits = !state.pastHeader || lines.some((line) => isRuleLine(runsText(line)));
  for (const line of splits ? lines : [runs]) pushLine(blocks, tidyRuns(line, true));
}

function pushLine(blocks: SourceBlock[], runs: InlineRun[]): void {
  const text = runsText(runs);
  if (!text) return;
  if (isRuleLine(text)) {
    blocks.push({ kind: 'rule' });
    return;
  }
  const marker = listMarker(text);
  if (marker) {
    const first = runs[0]!;
    const cut = text.length - marker.rest.length;
    const itemRuns = tidyRuns([{ ...first, text: first.text.slice(cut) }, ...runs.slice(1)]);
    const previous = blocks[blocks.length - 1];
    if (previous?.kind === 'list' && previous.ordered === marker.ordered && !previous.depth) previous.items.push(itemRuns);
    else blocks.push({ kind: 'list', ordered: marker.ordered, items: [itemRuns] });
    return;
  }
  blocks.push({ kind: 'paragraph', runs });
}
