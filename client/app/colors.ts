/** A stable caret colour per person, from a palette that keeps text readable (WCAG AA on white). */
const PALETTE = ['#b3261e', '#0b57d0', '#146c2e', '#8e24aa', '#b05a00', '#00696f', '#6d4c41', '#c2185b'];

export function colorFor(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}
