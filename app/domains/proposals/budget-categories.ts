// The budget categories, in their own module so that pages showing a call's
// budget rules do not carry the proposal form's schemas (page weight).
export const BUDGET_CATEGORIES = ["STAFF", "TRAVEL", "EQUIPMENT", "SUPPLIES", "SERVICES", "RENT", "EVENTS", "OTHER"] as const;
