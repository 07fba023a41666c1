import type { EffectiveRole } from "./permissions";

export type NavItem = { to: string; label: string };

const PUBLIC: NavItem[] = [
  { to: "/", label: "nav.home" },
  { to: "/calls", label: "nav.calls" },
  { to: "/projects", label: "grants:nav.projects" },
  { to: "/results", label: "awards:navResults" },
];

const SIGNED_IN: NavItem[] = [{ to: "/dashboard", label: "nav.dashboard" }];

/** What each role reaches from the header; the routes authorize themselves regardless. */
const BY_ROLE: Record<EffectiveRole, NavItem[]> = {
  ADMIN: [
    { to: "/admin/municipality", label: "municipalities:profile.title" },
    { to: "/admin/staff", label: "nav.staff" },
    { to: "/admin/commission-exceptions", label: "nav.commissionExceptions" },
    { to: "/budgets/programmes", label: "budgets:navProgrammes" },
    { to: "/admin/users", label: "nav.users" },
    { to: "/admin/audit", label: "nav.audit" },
  ],
  PROGRAMME_OFFICER: [
    { to: "/agreements", label: "grants:nav.agreements" },
    { to: "/finance", label: "finance:nav.finance" },
    { to: "/officer/priorities", label: "priorities:nav.officer" },
    { to: "/officer/calls", label: "calls:nav.manage" },
    { to: "/budgets", label: "budgets:nav" },
    { to: "/officer/organizations", label: "organizations:nav.review" },
    { to: "/review", label: "reviews:nav" },
    { to: "/officer/paper-intake", label: "proposals:nav.paperIntake" },
    { to: "/admin/audit", label: "nav.audit" },
  ],
  FINANCE_OFFICER: [
    { to: "/budgets", label: "budgets:nav" },
    { to: "/finance", label: "finance:nav.finance" },
    { to: "/finance/payments", label: "finance:nav.payments" },
    { to: "/finance/statements", label: "finance:nav.statements" },
    { to: "/agreements", label: "grants:nav.agreements" },
  ],
  COMMISSION_MEMBER: [{ to: "/review", label: "reviews:nav" }],
  NCO_ADMIN: [
    { to: "/agreements", label: "grants:nav.agreements" },
    { to: "/organizations", label: "organizations:nav.mine" },
    { to: "/proposals", label: "proposals:nav.mine" },
    { to: "/awards", label: "awards:nav" },
  ],
  NCO_MEMBER: [
    { to: "/agreements", label: "grants:nav.agreements" },
    { to: "/organizations", label: "organizations:nav.mine" },
    { to: "/proposals", label: "proposals:nav.mine" },
    { to: "/awards", label: "awards:nav" },
  ],
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

/**
 * The one header entry the page belongs to: the longest entry that is the path
 * itself or a parent of it. On /finance/payments, "Payments" lights up, not
 * "Finance" as well; "/" only on the home page.
 */
export function activeNavTarget(targets: string[], pathname: string): string | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  const matches = targets.filter((to) => (to === "/" ? path === "/" : path === to || path.startsWith(`${to}/`)));
  return matches.sort((a, b) => b.length - a.length)[0];
}
