/**
 * The seed documents of ../shared/fixtures/seeds, and a normalisation that compares their text
 * regardless of Markdown markers and wrapping. A clone without shared/ beside it reads the copies
 * the demo ships (server/demo/seeds), which a test keeps byte-identical to the originals.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_SEEDS_DIR = path.resolve(repoRoot, '../shared/fixtures/seeds');
export const DEMO_SEEDS_DIR = path.resolve(repoRoot, 'server/demo/seeds');
export const SEEDS_DIR = fs.existsSync(SHARED_SEEDS_DIR) ? SHARED_SEEDS_DIR : DEMO_SEEDS_DIR;

export const SEED_NAMES = ['tjansteskrivelse-asn-2023-12667', 'tjansteskrivelse-asn-2023-5446', 'yttrande-asn-2023-13451'] as const;
export type SeedName = (typeof SEED_NAMES)[number];

export function readSeed(name: SeedName): string {
  return fs.readFileSync(path.join(SEEDS_DIR, `${name}.txt`), 'utf8');
}

/** Text without heading marks, list markers, emphasis stars, signature rules or line wrapping. */
export function normaliseText(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/^\s*#{1,6}\s+/, '')
        .replace(/^\s*(?:[-•]|\d{1,3}\.)\s+/, '')
        .replace(/^\s*\.{3,}\s*$/, ''),
    )
    .join(' ')
    .replace(/\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The seed's paragraphs (blank-line separated), normalised, without empty ones. */
export function seedParagraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map(normaliseText)
    .filter((paragraph) => paragraph !== '');
}
