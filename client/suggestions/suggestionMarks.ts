/**
 * The suggestion marks in the editor, with exactly the attributes of the content schema
 * (SUGGESTION_MARK_ATTRS in shared/model/schema.ts). Each renders in its author's colour (the
 * caret palette, client/app/colors.ts) and names its suggestion, so the hover card and the review
 * panel find it. None is inclusive: text typed by someone else at the edge of a suggestion stays
 * outside it (the Föreslå transform decides what a suggester's own typing joins). Nothing is parsed
 * back from HTML: a suggestion is made by the transform or by the shared document, never by a paste.
 *
 * No mark excludes itself (`excludes: ''`): y-prosemirror then stores each suggestion under a
 * formatting key of its own (`deletion--<hash>`, which the content schema allows), so two people
 * proposing to delete or format overlapping text at the same moment each keep their whole range,
 * where one shared `deletion` key would let the later range cut the earlier one short.
 */
import { Mark, type Attributes } from '@tiptap/core';
import type { Mark as ProseMirrorMark } from '@tiptap/pm/model';
import { SUGGESTION_MARK_ATTRS, type SuggestionMarkName } from '../../shared/model/schema';
import { colorFor } from '../app/colors';

function attributes(name: SuggestionMarkName): Attributes {
  return Object.fromEntries(SUGGESTION_MARK_ATTRS[name].map((attribute) => [attribute, { default: null, rendered: false }]));
}

function domAttributes(mark: ProseMirrorMark, kind: string): Record<string, string> {
  const userId = String(mark.attrs.userId ?? '');
  return {
    class: `suggestion suggestion-${kind}`,
    'data-suggestion-id': String(mark.attrs.id ?? ''),
    'data-suggestion-user': userId,
    style: `--suggestion-color: ${colorFor(userId)}`,
  };
}

export const InsertionMark = Mark.create({
  name: 'insertion',
  inclusive: false,
  excludes: '',
  addAttributes: () => attributes('insertion'),
  parseHTML: () => [],
  renderHTML: ({ mark }) => ['ins', domAttributes(mark, 'insertion'), 0],
});

export const DeletionMark = Mark.create({
  name: 'deletion',
  inclusive: false,
  excludes: '',
  addAttributes: () => attributes('deletion'),
  parseHTML: () => [],
  renderHTML: ({ mark }) => ['del', domAttributes(mark, 'deletion'), 0],
});

export const FormatChangeMark = Mark.create({
  name: 'formatChange',
  inclusive: false,
  excludes: '',
  addAttributes: () => attributes('formatChange'),
  parseHTML: () => [],
  renderHTML: ({ mark }) => [
    'span',
    {
      ...domAttributes(mark, 'format'),
      // The proposed formatting shows as a preview (CSS reads these), the text itself is unchanged.
      'data-add': String(mark.attrs.add ?? ''),
      'data-remove': String(mark.attrs.remove ?? ''),
    },
    0,
  ],
});

export const SUGGESTION_MARK_EXTENSIONS = [InsertionMark, DeletionMark, FormatChangeMark];
