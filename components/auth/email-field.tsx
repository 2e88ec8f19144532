import { TextField } from '@/components/ui/text-field';

/** The account's email, first in every credentials form: focused, and filled in by password managers. */
export const EmailField = ({ id, invalid }: { id: string; invalid?: boolean }) => (
  <TextField
    id={id}
    label="Email"
    name="email"
    type="email"
    autoComplete="username"
    required
    autoFocus
    invalid={invalid}
  />
);
