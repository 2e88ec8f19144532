'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { signIn, signInError } from './api/sign-in';
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
      {error ? (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      ) : null}
      <div className={styles.field}>
        <label className={styles.label} htmlFor="sign-in-email">
          Email
        </label>
        <input
          id="sign-in-email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          className={styles.input}
          aria-invalid={error ? true : undefined}
        />
      </div>
      <div className={styles.field}>
        <label className={styles.label} htmlFor="sign-in-password">
          Password
        </label>
        <input
          id="sign-in-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={styles.input}
          aria-invalid={error ? true : undefined}
        />
      </div>
      <Button type="submit" variant="primary" className={styles.submit} disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
