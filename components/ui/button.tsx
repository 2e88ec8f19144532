import Link from 'next/link';
import type { ButtonHTMLAttributes, ComponentProps } from 'react';
import styles from './button.module.css';

type Variant = 'primary' | 'secondary' | 'ghost';
type Size = 'sm' | 'md';

interface StyleProps {
  variant?: Variant;
  size?: Size;
  /** Square button holding one icon; give it an aria-label. */
  iconOnly?: boolean;
}

function classes({ variant = 'secondary', size = 'md', iconOnly = false }: StyleProps, extra?: string) {
  return [styles.button, styles[variant], styles[size], iconOnly ? styles.iconOnly : '', extra ?? '']
    .filter(Boolean)
    .join(' ');
}

type ButtonProps = StyleProps & ButtonHTMLAttributes<HTMLButtonElement>;

export function Button({ variant, size, iconOnly, className, type = 'button', ...rest }: ButtonProps) {
  return <button type={type} className={classes({ variant, size, iconOnly }, className)} {...rest} />;
}

type ButtonLinkProps = StyleProps & ComponentProps<typeof Link>;

/** A link that looks like a button, for navigation actions. */
export function ButtonLink({ variant, size, iconOnly, className, ...rest }: ButtonLinkProps) {
  return <Link className={classes({ variant, size, iconOnly }, className)} {...rest} />;
}
