/** WebSocket close reasons are limited to 123 bytes of UTF-8; cut at a character boundary. */
export function closeReason(reason: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(reason).byteLength <= 123) return reason;
  let cut = reason;
  while (encoder.encode(`${cut}…`).byteLength > 123) cut = cut.slice(0, -1);
  return `${cut}…`;
}
