/**
 * "Comment on the selected text", asked from outside the comments panel (the toolbar's
 * Kommentera button), through one window event the panel listens to, like Ctrl+Alt+M.
 */
export const START_COMMENT_EVENT = 'yttra-start-comment';

export function requestComment(): void {
  window.dispatchEvent(new Event(START_COMMENT_EVENT));
}
