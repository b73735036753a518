import type { Contender, ContenderName } from "./contenders.ts";

/** Rotates the order each round, so no client always runs first (warm caches) or last (a fuller heap). */
function orderFor(round: number, contenders: readonly Contender[]): Contender[] {
  const shift = round % contenders.length;
  return [...contenders.slice(shift), ...contenders.slice(0, shift)];
}

export interface SequentialOptions {
  /** Calls per client, split evenly over the rounds. */
  calls: number;
  rounds: number;
  /** Unmeasured calls per client before the first round (JIT warm-up, connection set-up). */
  warmup: number;
}

/** One call at a time; per-call latencies in microseconds, per client and round. */
export async function runSequential(
  contenders: readonly Contender[],
  { calls, rounds, warmup }: SequentialOptions,
): Promise<Map<ContenderName, number[][]>> {
  const latencies = new Map<ContenderName, number[][]>(contenders.map((c) => [c.name, []]));
  for (const contender of contenders) for (let i = 0; i < warmup; i++) await contender.call();
  const perRound = Math.ceil(calls / rounds);
  for (let round = 0; round < rounds; round++) {
    for (const contender of orderFor(round, contenders)) {
      const samples: number[] = [];
      for (let i = 0; i < perRound; i++) {
        const started = performance.now();
        await contender.call();
        samples.push((performance.now() - started) * 1000);
      }
      latencies.get(contender.name)?.push(samples);
    }
  }
  return latencies;
}

export interface ConcurrentOptions {
  inFlight: number;
  /** Calls per client per round. */
  callsPerRound: number;
  rounds: number;
  warmup: number;
}

export interface ConcurrentResult {
  /** Requests per second of each round. */
  throughput: number[];
  /** Per-call latencies under load, microseconds. */
  latencies: number[];
}

/** `inFlight` calls at all times until `callsPerRound` are done; requests/sec per round, per client. */
export async function runConcurrent(
  contenders: readonly Contender[],
  { inFlight, callsPerRound, rounds, warmup }: ConcurrentOptions,
): Promise<Map<ContenderName, ConcurrentResult>> {
  const results = new Map<ContenderName, ConcurrentResult>(
    contenders.map((c) => [c.name, { throughput: [], latencies: [] }]),
  );
  for (const contender of contenders) await burst(contender, inFlight, warmup, []);
  for (let round = 0; round < rounds; round++) {
    for (const contender of orderFor(round, contenders)) {
      const result = results.get(contender.name) as ConcurrentResult;
      const started = performance.now();
      await burst(contender, inFlight, callsPerRound, result.latencies);
      result.throughput.push(callsPerRound / ((performance.now() - started) / 1000));
    }
  }
  return results;
}

async function burst(contender: Contender, inFlight: number, calls: number, latencies: number[]) {
  let started = 0;
  const lane = async () => {
    while (started < calls) {
      started++;
      const at = performance.now();
      await contender.call();
      latencies.push((performance.now() - at) * 1000);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}
