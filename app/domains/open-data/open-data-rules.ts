// Pure mappings from the portal's states to the standards' closed codelists.

/** OCDS and 360Giving publish amounts as numbers in major units: tyiyn -> soms, exactly to the tyiyn. */
export function toMajorUnits(tyiyn: bigint): number {
  const negative = tyiyn < 0n;
  const abs = negative ? -tyiyn : tyiyn;
  return Number(`${negative ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`);
}

/** A municipality publishes under its own registered OCDS prefix, or the deployment's when it has none. */
export function ocidPrefixOf(municipality: { ocidPrefix: string }, deploymentPrefix: string): string {
  return municipality.ocidPrefix || deploymentPrefix;
}

/** 360Giving's identifier prefix for the same registration: 360G- and the OCDS prefix's own part. */
export function threeSixtyGivingPrefix(ocidPrefix: string): string {
  return `360G-${ocidPrefix.replace(/^ocds-/, "")}`;
}

/** The query string of a file narrowed to one municipality ("" for every municipality's). */
export function municipalityQueryOf(municipality: { slug: string } | undefined): string {
  return municipality ? `?municipality=${encodeURIComponent(municipality.slug)}` : "";
}

/** A published call stays "active" until decided, also after its deadline (OCDS has no "closed"). */
export function tenderStatus(status: string): "planning" | "active" | "complete" | "cancelled" {
  if (status === "DRAFT") return "planning";
  if (status === "CANCELLED") return "cancelled";
  if (status === "DECIDED" || status === "COMPLETED") return "complete";
  return "active";
}

export function awardStatus(status: string): "pending" | "active" | "cancelled" | "unsuccessful" {
  switch (status) {
    case "FINAL":
    case "CLOSED":
      return "active";
    case "DECLINED":
      return "unsuccessful";
    case "CANCELLED":
      return "cancelled";
    default:
      return "pending";
  }
}

export function contractStatus(status: string): "pending" | "active" | "terminated" {
  if (status === "SIGNED") return "active";
  if (status === "CLOSED") return "terminated";
  return "pending";
}

export function milestoneStatus(status: string): "scheduled" | "met" | "notMet" {
  if (status === "ACCEPTED") return "met";
  if (status === "REJECTED") return "notMet";
  return "scheduled";
}

/** Organization identifiers: the Kyrgyz taxpayer number (INN) where known. See docs/decisions/0006. */
export const ORG_SCHEME = "KG-INN";
export function organizationIdentifier(tin: string) {
  return `${ORG_SCHEME}-${tin}`;
}

/** OCDS bid statuses (bids extension): screened-in proposals are valid, screened-out disqualified. */
export function bidStatus(status: string): "pending" | "valid" | "disqualified" | "withdrawn" {
  if (status === "ELIGIBLE" || status === "AWARDED" || status === "NOT_AWARDED") return "valid";
  if (status === "INELIGIBLE") return "disqualified";
  if (status === "WITHDRAWN") return "withdrawn";
  return "pending";
}

/** A commission role as the extension's codelist names it (public/ocds-extension/codelists). */
export function commissionRoleCode(role: string): "chair" | "member" | "observer" {
  if (role === "CHAIR") return "chair";
  if (role === "OBSERVER") return "observer";
  return "member";
}

/** The extensions a release package declares: the official bids extension and the portal's own. */
export function ocdsExtensions(publicUrl: string): string[] {
  return [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
    `${publicUrl}/ocds-extension/extension.json`,
  ];
}
