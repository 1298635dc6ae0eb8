/** A labelled text box with send and cancel, for a new thread, a reply or an edit. */
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { cleanText } from '../../shared/model/text';
import { MAX_COMMENT_LENGTH } from '../../shared/review/reviewSchema';

interface Props {
  label: string;
  submitLabel: string;
  initial?: string;
  autoFocus?: boolean;
  onSubmit(body: string): void;
  onCancel?(): void;
}

export function CommentForm({ label, submitLabel, initial = '', autoFocus, onSubmit, onCancel }: Props) {
  const [body, setBody] = useState(initial);
  const id = useId();
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    // What the server would refuse is made fit here, so a comment is never lost to a refusal:
    // a pasted control character becomes U+FFFD (visible), the box stops at the length limit.
    const text = cleanText(body.trim());
    if (!text) return;
    onSubmit(text);
    setBody('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
    if (event.key === 'Escape' && onCancel) onCancel();
  };
  return (
    <form className="comment-form" onSubmit={submit}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        value={body}
        rows={3}
        maxLength={MAX_COMMENT_LENGTH}
        autoFocus={autoFocus}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="comment-form-actions">
        <button type="submit" disabled={!body.trim()}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Avbryt
          </button>
        )}
      </div>
    </form>
  );
}
