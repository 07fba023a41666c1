// The one way an in-process test signs a person in: a real session row (createUserSession) and the
// cookie a browser would send back. Browser tests sign in through the login form (tests/e2e/support.ts).
import { createUserSession } from "~/utils/session.server";

/** The `__session=…` pair for a new session of the user, to send as the Cookie header. */
export async function sessionCookieFor(userId: string, ipAddress = ""): Promise<string> {
  const setCookie = await createUserSession(new Request("http://localhost:3000/login", { method: "POST" }), userId, ipAddress);
  return setCookie.split(";")[0]!;
}
