import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentResponse } from "~/domains/files/files.server";
import { getLetterForDownload, letterAttachment, storedSize } from "~/domains/awards/letters.server";
import { orRespond } from "~/domains/reviews/http.server";
import { requireActor } from "~/utils/session.server";

/** The award's letter in force, exactly the bytes whose SHA-256 is on record; for the officer and the NCO. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const letter = await orRespond(() => getLetterForDownload({ actor, awardId: params.awardId ?? "" }));
  return attachmentResponse(letterAttachment(letter, await storedSize(letter.storageKey)));
}
