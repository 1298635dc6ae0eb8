import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { initialiseDocument } from '../../shared/doc/documentState';
import { headerFieldMap, titleText } from '../../shared/doc/headerFields';
import { typistFor, type Typist } from './headerFieldsTyping';

/**
 * 2–3 people type in one header field through the client's binding, their updates delivered in
 * any order and at any time. Each run a person types is one letter repeated (A…Z, never in the
 * starting text), started at a boundary of the starting text (so nobody deliberately types inside
 * someone else's word). At the end every copy is the same, every field shows its Y.Text, nothing
 * typed is lost, and every run is in one piece.
 *
 * With deletions of the starting text as well, copies converge and nothing is lost, but a run can
 * be split: when one person replaces a character (deletes it and types there) right where another
 * is typing, Yjs places the other's next key after the deleted character (Y.Text skips deleted
 * items at the insertion point), where it meets the replacement. That is Yjs' behaviour, not the
 * binding's, so that variant checks convergence and loss only.
 */
const BASE = 'abcdefghij';

type Command =
  | { kind: 'start'; who: number; after: number; length: number }
  | { kind: 'key'; who: number }
  | { kind: 'delete'; who: number; baseChar: number }
  | { kind: 'deliver'; from: number; to: number; count: number };

const command = (people: number): fc.Arbitrary<Command> =>
  fc.oneof(
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('start' as const),
        who: fc.nat(people - 1),
        after: fc.nat(BASE.length),
        length: fc.integer({ min: 1, max: 6 }),
      }),
    },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('key' as const), who: fc.nat(people - 1) }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('delete' as const), who: fc.nat(people - 1), baseChar: fc.nat(BASE.length - 1) }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('deliver' as const),
        from: fc.nat(people - 1),
        to: fc.nat(people - 1),
        count: fc.integer({ min: 1, max: 4 }),
      }),
    },
  );

interface Person {
  doc: Y.Doc;
  typist: Typist;
  /** The run being typed: its letter and how many keys are left. */
  run: { letter: string; left: number } | null;
}

function scenario(people: number, commands: Command[], field: 'title' | 'arendemening', withDeletions: boolean): void {
  const origin = new Y.Doc();
  initialiseDocument(origin, 'tjansteskrivelse', { title: BASE, fields: { arendemening: BASE } });
  const state = Y.encodeStateAsUpdate(origin);
  const outbox = new Map<string, Uint8Array[]>();
  const persons: Person[] = [];
  for (let index = 0; index < people; index++) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state, 'initial');
    doc.on('update', (update: Uint8Array, from: unknown) => {
      if (from === 'remote' || from === 'initial') return;
      for (let to = 0; to < people; to++)
        if (to !== index) outbox.get(`${index}>${to}`)?.push(update) ?? outbox.set(`${index}>${to}`, [update]);
    });
    const text = field === 'title' ? titleText(doc)! : (headerFieldMap(doc)!.get(field) as Y.Text);
    persons.push({ doc, typist: typistFor(text, { person: index }), run: null });
  }
  const typed: Array<{ letter: string; length: number }> = [];
  let nextLetter = 0;
  const deliver = (from: number, to: number, count: number) => {
    const queue = outbox.get(`${from}>${to}`) ?? [];
    for (const update of queue.splice(0, count)) Y.applyUpdate(persons[to]!.doc, update, 'remote');
  };

  for (const step of commands) {
    if (step.kind === 'deliver') {
      if (step.from !== step.to) deliver(step.from, step.to, step.count);
      continue;
    }
    const person = persons[step.who]!;
    const value = person.typist.input.value;
    if (step.kind === 'start') {
      if (person.run || nextLetter >= 26) continue;
      // A boundary of the starting text: right after one of its letters (or at the very start).
      const anchor = step.after === 0 ? 0 : value.indexOf(BASE[step.after - 1]!) + 1;
      if (step.after > 0 && anchor === 0) continue; // that letter was deleted
      const letter = String.fromCharCode(65 + nextLetter++);
      person.typist.moveCaret(anchor);
      person.run = { letter, left: step.length };
      typed.push({ letter, length: step.length });
    } else if (step.kind === 'key') {
      if (!person.run) continue;
      person.typist.type(person.run.letter);
      if (--person.run.left === 0) person.run = null;
    } else {
      if (!withDeletions || person.run) continue; // a person types one run at a time, caret unmoved
      const at = value.indexOf(BASE[step.baseChar]!);
      if (at < 0) continue;
      person.typist.moveCaret(at + 1);
      person.typist.backspace();
    }
  }
  // Everyone finishes their run, then everything is delivered.
  for (const person of persons) {
    while (person.run) {
      person.typist.type(person.run.letter);
      if (--person.run.left === 0) person.run = null;
    }
  }
  for (let round = 0; round < 3; round++) {
    for (let from = 0; from < people; from++)
      for (let to = 0; to < people; to++) if (from !== to) deliver(from, to, Number.MAX_SAFE_INTEGER);
  }

  const texts = persons.map((person) =>
    (field === 'title' ? titleText(person.doc)! : (headerFieldMap(person.doc)!.get(field) as Y.Text)).toString(),
  );
  for (const [index, person] of persons.entries()) {
    expect(texts[index], 'every copy converges').toBe(texts[0]);
    expect(person.typist.input.value, 'the field shows its Y.Text').toBe(texts[index]);
  }
  for (const run of typed) {
    expect(texts[0]!.split(run.letter).length - 1, `run ${run.letter} is all there`).toBe(run.length);
    if (!withDeletions) expect(texts[0], `run ${run.letter} is in one piece`).toContain(run.letter.repeat(run.length));
  }
  for (const person of persons) {
    person.typist.unbind();
    person.doc.destroy();
  }
  origin.destroy();
}

describe('concurrent typing in a header field (property, seeded)', () => {
  const scenarios = fc
    .integer({ min: 2, max: 3 })
    .chain((people) =>
      fc.tuple(
        fc.constant(people),
        fc.array(command(people), { minLength: 10, maxLength: 120 }),
        fc.constantFrom('title' as const, 'arendemening' as const),
      ),
    );

  it('converges and keeps every typed run in one piece, for two and three people, in a field and the title', () => {
    fc.assert(
      fc.property(scenarios, ([people, commands, field]) => scenario(people, commands, field, false)),
      { seed: 20261203, numRuns: 300 },
    );
  });

  it('converges and loses nothing typed when people also delete', () => {
    fc.assert(
      fc.property(scenarios, ([people, commands, field]) => scenario(people, commands, field, true)),
      { seed: 20261204, numRuns: 200 },
    );
  });
});
