import { deliverDueNotifications } from "~/domains/notifications/notification-delivery.server";
import { prisma } from "./db.server";
import type { Env } from "./env.server";

/** Periodic work of the server process; returns a function that stops it. */
export function startBackgroundWork(env: Env) {
  const timers: NodeJS.Timeout[] = [];
  if (env.NOTIFY_GATEWAY_URL) {
    const gateway = { url: env.NOTIFY_GATEWAY_URL, token: env.NOTIFY_GATEWAY_TOKEN };
    let running = false;
    timers.push(
      setInterval(() => {
        if (running) return;
        running = true;
        deliverDueNotifications(prisma, gateway)
          .catch((error) => console.error("notification delivery failed", error))
          .finally(() => (running = false));
      }, 15_000),
    );
  }
  return () => timers.forEach(clearInterval);
}
