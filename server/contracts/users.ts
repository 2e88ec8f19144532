import { z } from 'zod';
import { Role } from './access';

export const UserRow = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: Role,
  createdAt: z.string(),
});
export type UserRow = z.infer<typeof UserRow>;

export const UserList = z.object({ users: z.array(UserRow) });
export type UserList = z.infer<typeof UserList>;

/** Passwords shorter than this are refused (better-auth is configured with the same minimum). */
export const MIN_PASSWORD_LENGTH = 10;

/** `POST /api/users` body: an account with an initial password the admin hands over. */
export const NewUserRequest = z.object({
  email: z.email('expected an email address').max(320),
  name: z.string().trim().min(1).max(200).optional(),
  password: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(128),
  role: Role,
});
export type NewUserRequest = z.infer<typeof NewUserRequest>;

/** `PATCH /api/users/{id}` body. */
export const UserRoleRequest = z.object({ role: Role });
export type UserRoleRequest = z.infer<typeof UserRoleRequest>;

export const UserIdParams = z.object({ id: z.string().min(1).max(100) });
