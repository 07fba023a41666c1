/**
 * Loaded into the portal's process by `npm run bench:backup` only
 * (`node --import tsx --import ./bench/event-loop-probe.ts ...`): records the
 * event loop's delay with monitorEventLoopDelay, and on SIGUSR2 writes the
 * delays seen since the previous signal to BENCH_EVENT_LOOP_FILE and starts a
 * new window. The portal's own code is not changed for the measurement.
 */
import { writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

const file = process.env.BENCH_EVENT_LOOP_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let window = 0;
  process.on("SIGUSR2", () => {
    const ms = (ns: number) => ns / 1e6;
    const stats = {
      window: ++window,
      p50_ms: ms(histogram.percentile(50)),
      p99_ms: ms(histogram.percentile(99)),
      max_ms: ms(histogram.max),
      samples: histogram.count,
    };
    writeFileSync(file, JSON.stringify(stats));
    histogram.reset();
  });
}
