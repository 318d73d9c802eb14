import { Component, type ReactNode } from 'react';

interface Props {
  /** Which part of the page this guards, named in the message. */
  area: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * Keeps a failure in one panel from blanking the page: the panel says what went wrong and offers
 * a retry, while the design (in the store, autosaved) and every other panel stay as they are.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error): void {
    // Visible in the console for bug reports; the panel itself shows the message.
    console.warn(`convcost: the ${this.props.area} panel failed:`, error);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="panel-error" role="alert" data-testid="panel-error">
        <strong>The {this.props.area} could not be shown.</strong>{' '}
        <span>{error.message || String(error)}</span>
        <p>Your design is unchanged and still saved.</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
