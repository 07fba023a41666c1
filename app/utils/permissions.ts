// One code map of permission strings '<action>:<entity>[:own|assigned|any]'.
// The UI may use it to hide a button; the server gate (requirePermission) is the real check.
// Row scoping ("own", "assigned") is enforced inside each domain query.
import { DomainError } from "./domain-error";

export type EffectiveRole = "ADMIN" | "PROGRAMME_OFFICER" | "FINANCE_OFFICER" | "COMMISSION_MEMBER" | "NCO_ADMIN" | "NCO_MEMBER";

export type Actor = {
  id: string;
  label: string;
  email: string;
  locale: "ky" | "ru" | "en";
  municipalityId: string | null;
  roles: EffectiveRole[];
  organizations: { id: string; role: "ADMIN" | "MEMBER" }[];
};

const NCO_MEMBER = [
  "read:organization:own",
  "manage:document:own",
  "edit:proposal:own",
  "submit:proposal:own",
  "ask:question:any",
  "report:milestone:own",
  "request:change:own",
  "read:agreement:own",
  "file:appeal:own",
  "read:award:own",
  "manage:feedback:own",
  "reply:feedback:own",
] as const;

const PERMISSIONS = {
  // Programmes and appropriations are the municipality's budget acts: entered by its administrator
  // or its finance officer (decision 0052); the programme officer spends them, through calls.
  ADMIN: [
    "manage:user:any",
    "read:audit:any",
    "read:dashboard:any",
    "read:organization:any",
    "manage:municipality:own",
    "manage:programme:any",
  ],
  PROGRAMME_OFFICER: [
    "manage:budget:any",
    "read:budget:any",
    "manage:call:any",
    "manage:priorities:any",
    "answer:question:any",
    "read:organization:any",
    "verify:organization:any",
    "read:proposal:any",
    "screen:proposal:any",
    "register:paper-proposal:any",
    "appoint:commission:any",
    "issue:letter:any",
    "manage:agreement:any",
    "review:report:any",
    "record:visit:any",
    "manage:feedback:any",
    "read:agreement:any",
    "read:finance:any",
    "read:audit:any",
    "read:dashboard:any",
  ],
  FINANCE_OFFICER: [
    "read:budget:any",
    "manage:programme:any",
    "create:payment:any",
    "reconcile:statement:any",
    "export:finance:any",
    "read:agreement:any",
    "read:finance:any",
    "read:dashboard:any",
  ],
  COMMISSION_MEMBER: ["declare:conflict:assigned", "score:proposal:assigned", "read:proposal:assigned", "chair:commission:assigned"],
  NCO_ADMIN: [...NCO_MEMBER, "manage:organization:own", "invite:member:own", "respond:award:own"],
  NCO_MEMBER,
} as const satisfies Record<EffectiveRole, readonly string[]>;

export type Permission = (typeof PERMISSIONS)[EffectiveRole][number];

/** The same table, each role's list widened to the union (readable with `includes`). */
const BY_ROLE: Record<EffectiveRole, readonly Permission[]> = PERMISSIONS;

export function can(actor: Pick<Actor, "roles"> | null | undefined, permission: Permission): boolean {
  if (!actor) return false;
  return actor.roles.some((role) => BY_ROLE[role].includes(permission));
}

export function permissionsOf(roles: EffectiveRole[]): Permission[] {
  return [...new Set(roles.flatMap((role) => BY_ROLE[role]))];
}

/**
 * The one permission check of the domain code: without any of the given permissions the actor is
 * refused with 403 "forbidden" (errors namespace). Scope (which municipality, which organization,
 * which seat) is checked by each domain query, not here.
 */
export function assertCan(actor: Pick<Actor, "roles"> | null | undefined, permission: Permission | readonly Permission[]): void {
  const anyOf: readonly Permission[] = typeof permission === "string" ? [permission] : permission;
  if (!anyOf.some((p) => can(actor, p))) throw new DomainError("forbidden", {}, 403);
}
