'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { useAuthProviders } from './api/get-auth-providers';
import { startOidcSignIn } from './api/start-oidc-sign-in';

interface OidcButtonsProps {
  /** Where a signed-in browser lands; a same-origin path. */
  callbackURL?: string;
  /** Where a failed sign-in lands, with `?error=<code>` (the sign-in page shows it). */
  errorCallbackURL?: string;
}

/** One "Sign in with <name>" button per configured OpenID Connect provider; nothing when there is none. */
export function OidcButtons({ callbackURL = '/', errorCallbackURL = '/sign-in' }: OidcButtonsProps) {
  const { data } = useAuthProviders();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!data || data.providers.length === 0) return null;

  const signIn = async (providerId: string) => {
    setPending(providerId);
    setError(null);
    try {
      window.location.assign(await startOidcSignIn({ providerId, callbackURL, errorCallbackURL }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setPending(null);
    }
  };

  return (
    <div>
      {data.providers.map((provider) => (
        <Button
          key={provider.id}
          variant="secondary"
          disabled={pending !== null}
          aria-busy={pending === provider.id}
          onClick={() => void signIn(provider.id)}
        >
          Sign in with {provider.name}
        </Button>
      ))}
      {error ? <p role="alert">{error}</p> : null}
    </div>
  );
}
