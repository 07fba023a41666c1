// Steps of a call's review and award as its people take them in the browser, shared by the demo-data
// test (review.test.ts) and the empty-start journey, so each step is written once.
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** A locale file's strings (reviews or awards), as the tests read them. */
type Strings = Record<string, any>;

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{\{(\w+)\}\}/g, (_, k) => String(values[k]));

/**
 * A commission member declares, before seeing any proposal, for each applicant (found by its TIN in
 * the list): no conflict, or a conflict with its reason. Afterwards the proposals are linked.
 */
export async function declareInterests(
  page: Page,
  t: Strings,
  url: string,
  answers: { tin: string; conflict?: string; flaggedLikely?: boolean }[],
) {
  await page.goto(url);
  await page.getByText(t.member.declareFirst).first().waitFor();
  expect(await page.locator(`a[href*="/proposals/"]`).count()).toBe(0);
  for (const answer of answers) {
    const group = page.locator("fieldset.item").filter({ hasText: answer.tin });
    // The portal itself points at an applicant named in the member's affiliations.
    if (answer.flaggedLikely) await group.getByText(t.declare.likely.tin).first().waitFor();
    await group.getByRole("radio", { name: answer.conflict ? t.declare.conflict : t.declare.noConflict, exact: true }).check();
    if (answer.conflict) await group.getByLabel(t.declare.reason).fill(answer.conflict);
  }
  await Promise.all([page.waitForURL(/done=declared/), page.getByRole("button", { name: t.declare.submit }).click()]);
}

/**
 * A member scores a proposal: the sheet is blind, "submit" shows what becomes final, and only the
 * confirmation submits; then the others' scores are revealed. `onConfirm` may look at the confirmation.
 */
export async function scoreProposal(
  page: Page,
  t: Strings,
  url: string,
  criteria: { id: string; maxScore: number }[],
  values: number[],
  looks: { onBlind?: () => Promise<void>; onConfirm?: () => Promise<void> } = {},
) {
  await page.goto(url);
  expect(await page.getByRole("heading", { name: t.revealed.title }).count()).toBe(0);
  for (const [i, criterion] of criteria.entries()) {
    await page.locator(`#field-score_${criterion.id}`).fill(String(values[i]));
    await page.locator(`#field-comment_${criterion.id}`).fill(`Оценка ${values[i]}: обосновано материалами заявки.`);
  }
  await looks.onBlind?.();
  await Promise.all([page.waitForURL(/confirm=submit/), page.getByRole("button", { name: t.score.submit }).click()]);
  const confirm = page.getByRole("region", { name: t.score.confirm.title });
  await confirm.getByText(`${values[0]} / ${criteria[0]!.maxScore}`).first().waitFor();
  expect(await page.getByRole("heading", { name: t.revealed.title }).count()).toBe(0);
  await looks.onConfirm?.();
  await Promise.all([page.waitForURL(/done=submitted/), confirm.getByRole("button", { name: t.score.confirm.submit }).click()]);
  await page.getByRole("heading", { name: t.revealed.title }).first().waitFor();
}

/** The chair opens the publication from the board; the page states the consequence; returns its region. */
export async function openPublication(page: Page, t: Strings, boardUrl: string, notified: number) {
  await page.goto(boardUrl);
  await Promise.all([page.waitForURL(/confirm=publish/), page.getByRole("link", { name: t.board.publish }).click()]);
  const confirm = page.getByRole("region", { name: t.board.confirm.title });
  await confirm.getByText(fill(t.board.confirm.notify, { n: notified })).waitFor();
  return confirm;
}

/** The chair confirms the publication opened by `openPublication`. */
export async function confirmPublication(page: Page, t: Strings) {
  const confirm = page.getByRole("region", { name: t.board.confirm.title });
  await Promise.all([page.waitForURL(/done=published/), confirm.getByRole("button", { name: t.board.confirm.submit }).click()]);
}

/** The officer issues the call's award letters in one batch and waits for all of them. */
export async function issueLetters(page: Page, a: Strings, lettersUrl: string, count: number) {
  await page.goto(lettersUrl);
  await Promise.all([page.waitForURL(lettersUrl), page.getByRole("button", { name: a.batch.start }).click()]);
  await page.getByText(a.batch.allIssued).waitFor({ timeout: 60_000 });
  await page
    .getByRole("status")
    .filter({ hasText: fill(a.batch.success, { count }) })
    .waitFor();
}
