/**
 * Header fields that several packs' document types share. A pack may use them as they are or
 * write its own; they are plain data, copied into each stored pack version.
 */
import { diarienummerExamples } from '../diarienummer';
import type { FieldSpec } from '../fields';

export const datum: FieldSpec = { key: 'datum', label: 'Datum', kind: 'date', required: true };
export const diarienummer: FieldSpec = {
  key: 'diarienummer',
  label: 'Diarienummer',
  kind: 'diarienummer',
  required: true,
  hint: `T.ex. ${diarienummerExamples()}`,
};
export const arendemening: FieldSpec = {
  key: 'arendemening',
  label: 'Ärendemening',
  kind: 'text',
  required: true,
  hint: 'Ärendets rubrik',
};
export const namnd: FieldSpec = {
  key: 'namnd',
  label: 'Nämnd',
  kind: 'organ',
  required: true,
  hint: 'T.ex. Arbetsmarknads- och socialnämnden',
};
export const undertecknare: FieldSpec = {
  key: 'undertecknare',
  label: 'Undertecknare',
  kind: 'persons',
  required: true,
  hint: 'Ledamöter med parti, t.ex. Kerstin Håkansson (M)',
  position: 'signature',
};
export const bilagaHeader: FieldSpec[] = [
  namnd,
  { key: 'sammantradesdatum', label: 'Sammanträdesdatum', kind: 'date', required: true },
  { key: 'paragraf', label: 'Paragraf', kind: 'text', required: false, hint: 'T.ex. § 195' },
  arendemening,
  diarienummer,
];
