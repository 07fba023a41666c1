import { prisma } from "~/utils/db.server";

/** Published calls still taking proposals: closed by the clock at the deadline, not by a job. */
export async function listOpenCalls(now = new Date()) {
  return prisma.call.findMany({
    where: { status: "PUBLISHED", submissionDeadline: { gt: now } },
    orderBy: { submissionDeadline: "asc" },
    select: {
      id: true,
      reference: true,
      titleKy: true,
      titleRu: true,
      titleEn: true,
      summaryKy: true,
      summaryRu: true,
      summaryEn: true,
      envelope: true,
      submissionDeadline: true,
    },
  });
}
