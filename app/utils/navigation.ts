import type { EffectiveRole } from "./permissions";

export type NavItem = { to: string; label: string };

const PUBLIC: NavItem[] = [
  { to: "/", label: "nav.home" },
  { to: "/calls", label: "nav.calls" },
];

const SIGNED_IN: NavItem[] = [{ to: "/dashboard", label: "nav.dashboard" }];

/** What each role reaches from the header; the routes authorize themselves regardless. */
const BY_ROLE: Record<EffectiveRole, NavItem[]> = {
  ADMIN: [
    { to: "/admin/users", label: "nav.users" },
    { to: "/admin/audit", label: "nav.audit" },
  ],
  PROGRAMME_OFFICER: [
    { to: "/officer/calls", label: "calls:nav.manage" },
    { to: "/budgets", label: "budgets:nav" },
    { to: "/officer/organizations", label: "organizations:nav.review" },
    { to: "/admin/audit", label: "nav.audit" },
  ],
  FINANCE_OFFICER: [{ to: "/budgets", label: "budgets:nav" }],
  COMMISSION_MEMBER: [],
  NCO_ADMIN: [{ to: "/organizations", label: "organizations:nav.mine" }],
  NCO_MEMBER: [{ to: "/organizations", label: "organizations:nav.mine" }],
};

export function navigationFor(roles: EffectiveRole[], signedIn = roles.length > 0): NavItem[] {
  const items = signedIn ? [...PUBLIC, ...SIGNED_IN] : [...PUBLIC];
  for (const role of roles) {
    for (const item of BY_ROLE[role]) {
      if (!items.some((existing) => existing.to === item.to)) items.push(item);
    }
  }
  return items;
}
