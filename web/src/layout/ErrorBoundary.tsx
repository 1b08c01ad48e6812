import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ServiceUnavailable } from '../pages/ServiceUnavailable.tsx';

interface Props {
  children: ReactNode;
}
interface State {
  failed: boolean;
}

/**
 * Last line of defence: a rendering bug shows the calm "try again" page
 * instead of a blank screen. The layout keys it by route so moving to another
 * page clears the failure.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Salus UI error', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.failed) {
      return (
        <ServiceUnavailable
          onRetry={() => {
            window.location.reload();
          }}
        />
      );
    }
    return this.props.children;
  }
}
