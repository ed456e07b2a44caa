// Conventions shared by every operation's layout (assembly/abi/*-layout.ts).
//
// "No time limit": a header's f64 timeLimitMs slot (place H_TIME_LIMIT_MS, schedule
// SH_TIME_LIMIT_MS) holds NO_TIME_LIMIT when the problem sets none; a limit is a finite number of
// milliseconds ≥ 0. Writers write exactly NO_TIME_LIMIT; readers treat any negative value (and NaN
// or +Infinity) as no limit too, so a binding can never ask for a deadline by accident.

export const NO_TIME_LIMIT: i32 = -1;
