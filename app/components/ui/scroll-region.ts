/**
 * Props for a region that scrolls sideways (a wide table, a chart): keyboard
 * users reach it with Tab and scroll it with the arrow keys, and screen readers
 * announce it by name (axe: scrollable-region-focusable).
 */
export function scrollRegion(label: string) {
  return { role: "region", "aria-label": label, tabIndex: 0 } as const;
}
