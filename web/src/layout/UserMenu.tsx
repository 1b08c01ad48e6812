import { useSession } from '../session/SessionContext.tsx';
import { AccountMenu } from './AccountMenu.tsx';
import { LoginMenu } from './LoginMenu.tsx';

/**
 * The header's login area. Nothing shows until /api/me has answered,
 * so "Accedi" never flashes for someone logged in.
 */
export function UserMenu() {
  const { state, me } = useSession();
  if (state.status === 'loading') return null;
  return me === null ? <LoginMenu /> : <AccountMenu me={me} />;
}
