import { notFound } from 'next/navigation';

/** Any address no page claims renders the console's not-found page, inside the shell (and sign-in). */
export default function Missing(): never {
  notFound();
}
