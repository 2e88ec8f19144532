'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { FormAlert, TextField } from '@/components/ui/text-field';
import { authPost } from './api/auth-fetch';
import { signIn, signInError } from './api/sign-in';
import { EmailField } from './email-field';
import styles from './auth-form.module.css';

/** Creates the first admin with the setup link's token, then signs in as them and opens the console. */
export function SetupForm({ token }: { token: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get('email') ?? '');
    const password = String(data.get('password') ?? '');
    if (password !== String(data.get('confirm') ?? '')) {
      setError('The two passwords differ.');
      return;
    }
    setPending(true);
    setError(null);
    const created = await authPost('/api/setup', { token, email, password });
    if (!created.ok) {
      setPending(false);
      setError(created.message);
      return;
    }
    const signedIn = await signIn(email, password);
    if (signedIn.ok) {
      // a full load on purpose: the console's layout re-reads the cookie and the query cache starts empty
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign('/');
      return;
    }
    setPending(false);
    setError(`The admin was created, but signing in failed: ${signInError(signedIn)}`);
  };

  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)} aria-busy={pending}>
      <FormAlert message={error} />
      <EmailField id="setup-email" />
      <TextField
        id="setup-password"
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={10}
        required
      />
      <TextField
        id="setup-confirm"
        label="Repeat password"
        name="confirm"
        type="password"
        autoComplete="new-password"
        minLength={10}
        required
      />
      <Button type="submit" variant="primary" className={styles.submit} disabled={pending}>
        {pending ? 'Creating…' : 'Create admin'}
      </Button>
    </form>
  );
}
