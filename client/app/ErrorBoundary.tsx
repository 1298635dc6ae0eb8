/**
 * Keeps one failing part of a page from taking the whole app down: React unmounts everything
 * above a component that throws while rendering, unless a boundary catches it. A value another
 * client wrote (a comment, a presence state, a header field) is rendered somewhere; if it ever
 * breaks that part, the official sees that part replaced by a short notice and can try again,
 * and the rest of the page keeps working.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What this part is, in Swedish, for the notice ("Kommentarerna"). */
  label: string;
  children: ReactNode;
}

interface State {
  failed: boolean;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // Not swallowed: the console keeps what failed, for whoever looks into it.
    console.error(`${this.props.label} kunde inte visas`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div role="alert" className="error-boundary">
        <p>{this.props.label} kunde inte visas just nu. Resten av sidan fungerar som vanligt.</p>
        <button type="button" className="secondary" onClick={() => this.setState({ failed: false })}>
          Försök igen
        </button>
      </div>
    );
  }
}
