// Shared fast-check settings: a fixed seed (override with BERTH_FC_SEED to explore), so CI runs
// are reproducible and shrunk counterexamples can be replayed.
import fc from "fast-check";

export const SEED = Number(process.env.BERTH_FC_SEED ?? 20261125);
fc.configureGlobal({ seed: SEED, numRuns: Number(process.env.BERTH_FC_RUNS ?? 100), endOnFailure: false });

export { fc };
