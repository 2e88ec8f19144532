'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { FormAlert, TextField } from '@/components/ui/text-field';
import { signIn, signInError } from './api/sign-in';
import { EmailField } from './email-field';
import styles from './auth-form.module.css';

/** Email + password sign-in; on success a full page load of `next`, so the console's layout sees the cookie. */
export function SignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const outcome = await signIn(String(data.get('email') ?? ''), String(data.get('password') ?? ''));
    if (outcome.ok) {
      window.location.assign(next);
      return; // stays pending while the console loads
    }
    setPending(false);
    setError(signInError(outcome));
  };

  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)} aria-busy={pending}>
      <FormAlert message={error} />
      <EmailField id="sign-in-email" invalid={error !== null} />
      <TextField
        id="sign-in-password"
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        invalid={error !== null}
      />
      <Button type="submit" variant="primary" className={styles.submit} disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
