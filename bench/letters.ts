/**
 * `npm run bench:letters`: award letters rendered by the portal's own renderer
 * (renderLetter: DejaVu Sans with Cyrillic and Kyrgyz letters, amount in words,
 * tranche table, QR code, content hash), one page each, in memory.
 *  - 500 Russian/Kyrgyz letters: per_s and p99_ms;
 *  - in the same run the same letter drawn in pdfkit's built-in Helvetica (no
 *    Cyrillic, nothing embedded): floor_per_s, and ratio = per_s / floor_per_s;
 *  - 2,000 more letters: rss_growth_mb, resident memory after minus before
 *    (after a warm-up and a garbage collection at both ends).
 * Writes bench/results/letters.json. Goals: >= 40/s, >= 0.15 x floor,
 * p99 <= 100 ms, RSS growth <= 20 MB.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
process.env.NODE_ENV = "production";
process.env.SESSION_SECRET ??= "bench-secret-bench-secret-bench-secret-1";
process.env.DATABASE_URL ??= "file:./bench/tmp-letters-unused.db";
const LETTERS = Number(process.env.BENCH_LETTERS ?? 500);
const MEMORY_LETTERS = Number(process.env.BENCH_MEMORY_LETTERS ?? 2_000);

const { renderLetter } = await import("~/domains/awards/letter-pdf.server");
const { getFixedT } = await import("~/utils/i18n.server");
type Facts = Parameters<typeof renderLetter>[0];

const CODE = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
function facts(i: number): Facts {
  const language = i % 2 ? "ky" : "ru";
  const code = Array.from({ length: 12 }, (_, k) => CODE[(i * 7 + k * 13) % CODE.length])
    .join("")
    .replace(/(.{4})(?!$)/g, "$1-");
  return {
    language,
    verificationCode: code,
    verifyUrl: `https://portal.karakol.gov.kg/verify/${code}`,
    issuedAt: new Date(Date.UTC(2026, 5, 20, 6, 0, i % 60)),
    municipality:
      language === "ky"
        ? {
            name: "Каракол шаарынын мэриясы",
            address: "Каракол ш., Абдрахманов көч., 130",
            head: "А. Б. Исаков",
            headPosition: "Каракол шаарынын мэри",
          }
        : {
            name: "Мэрия города Каракол",
            address: "г. Каракол, ул. Абдрахманова, 130",
            head: "А. Б. Исаков",
            headPosition: "Мэр города Каракол",
          },
    award: {
      reference: `SZ-2026-01-${String(i % 1000).padStart(3, "0")}`,
      amount: 50_000_00n + BigInt((i * 7919) % 250_000) * 100n + BigInt(i % 100),
      finalScore: 5500 + (i % 4500),
      rank: 1 + (i % 40),
      decidedAt: new Date("2026-06-01T06:00:00Z"),
    },
    organization: {
      name: `«Өнүгүү-${i % 97}» коомдук бирикмеси`,
      registrationNumber: `${10_000 + (i % 90_000)}-3302-ОБ`,
      tin: String(2_000_000_000_000 + i).padStart(14, "0"),
      address: "Каракол",
    },
    call: {
      reference: "SZ-2026-01",
      title: language === "ky" ? "Эмгек мигранттарынын балдарына колдоо" : "Поддержка детей трудовых мигрантов",
    },
    projectTitle:
      language === "ky"
        ? `Үй-бүлөлүк борбор №${i % 50}: ата-энесиз калган балдарга жардам`
        : `Семейный центр №${i % 50}: помощь детям, оставшимся без родителей`,
    milestones:
      language === "ky"
        ? ["Борборду ачуу", "Адистерди окутуу", "Жыйынтыктоочу иш-чара"]
        : ["Открытие центра", "Обучение специалистов", "Итоговое мероприятие"],
    projectTitleIn: language,
    enteredIn: language,
    // Letters are issued as a Kyrgyz binding text with a Russian parallel one (decision 0080).
    textRole: language === "ky" ? "BINDING" : "PARALLEL",
    companions: [
      { language: language === "ky" ? "ru" : "ky", role: language === "ky" ? "PARALLEL" : "BINDING", verificationCode: "R4N8-2WXC-7PQM" },
    ],
  };
}

const translations = { ky: await getFixedT("ky", "awards"), ru: await getFixedT("ru", "awards") };
const render = (i: number, fonts: "embedded" | "standard") =>
  renderLetter(facts(i), { fonts, t: translations[facts(i).language as "ky" | "ru"] });

async function run(count: number, fonts: "embedded" | "standard", offset = 0) {
  const times: number[] = [];
  let bytes = 0;
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    bytes += (await render(offset + i, fonts)).pdf.length;
    times.push(performance.now() - t);
  }
  const seconds = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { per_s: count / seconds, p50_ms: at(0.5), p99_ms: at(0.99), avg_kb: bytes / count / 1024 };
}

const gc = (globalThis as { gc?: () => void }).gc;
// Warm-up: fonts parsed, translations loaded, JIT warm, for both faces.
await run(30, "embedded");
await run(30, "standard");

// Interleaved halves, so that machine noise hits the letter and its floor alike.
const half = Math.ceil(LETTERS / 2);
const embedded = [await run(half, "embedded", 0), await run(half, "embedded", half)];
const floorRuns = [await run(half, "standard", 0), await run(half, "standard", half)];
const letters = {
  per_s: (2 * half) / embedded.reduce((s, r) => s + half / r.per_s, 0),
  p99_ms: Math.max(...embedded.map((r) => r.p99_ms)),
  p50_ms: Math.max(...embedded.map((r) => r.p50_ms)),
  avg_kb: embedded[0]!.avg_kb,
};
const floor = {
  per_s: (2 * half) / floorRuns.reduce((s, r) => s + half / r.per_s, 0),
  p99_ms: Math.max(...floorRuns.map((r) => r.p99_ms)),
};

gc?.();
const rssBefore = process.memoryUsage().rss;
await run(MEMORY_LETTERS, "embedded", 10_000);
gc?.();
const rssAfter = process.memoryUsage().rss;

const result = {
  letters: 2 * half,
  per_s: letters.per_s,
  p50_ms: letters.p50_ms,
  p99_ms: letters.p99_ms,
  avg_kb: letters.avg_kb,
  floor_per_s: floor.per_s,
  floor_p99_ms: floor.p99_ms,
  ratio: letters.per_s / floor.per_s,
  memory_letters: MEMORY_LETTERS,
  rss_before_mb: rssBefore / 2 ** 20,
  rss_after_mb: rssAfter / 2 ** 20,
  rss_growth_mb: (rssAfter - rssBefore) / 2 ** 20,
  gc_exposed: Boolean(gc),
  // 1-minute load average and cores at the end of the run: these machines are shared.
  load_average: os.loadavg()[0],
  cpus: os.cpus().length,
  goals: { per_s_min: 40, ratio_min: 0.15, p99_max_ms: 100, rss_growth_max_mb: 20 },
};
mkdirSync(path.join(root, "bench/results"), { recursive: true });
writeFileSync(path.join(root, "bench/results/letters.json"), JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result, null, 2));
