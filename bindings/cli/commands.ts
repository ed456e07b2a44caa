// The command line's vocabulary: every command, the flags it accepts, and its help text.
//
// One table so that parsing (args.ts), help (help.ts) and docs/cli.md cannot drift apart: a flag a
// command does not list here is a usage error for that command.

import { OPERATION_SUMMARIES } from "../operations.js";

export const FLAGS = {
  unit: { takesValue: true, valueName: "ID", text: "the unit to explain" },
  seed: { takesValue: true, valueName: "N", text: "seed for tie-breaking; overrides options.seed in the file" },
  "time-limit": {
    takesValue: true,
    valueName: "MS",
    text: "time budget in milliseconds; overrides options.timeLimitMs",
  },
  format: {
    takesValue: true,
    valueName: "json|table",
    text: "json (default) for programs, table for people (also -o json|table)",
  },
  out: { takesValue: true, valueName: "FILE", text: "write the output to FILE instead of standard output" },
  result: { takesValue: true, valueName: "FILE", text: "the result to check (a file, or - for standard input)" },
  nodes: {
    takesValue: true,
    valueName: "P",
    text: "wfformat: a pool of P heterogeneous nodes instead of the instance's machines",
  },
  procs: { takesValue: true, valueName: "P", text: "stg (required): the number of identical processors" },
  threads: { takesValue: false, valueName: "", text: "one unit per thread (threads of a process come out coupled)" },
  children: { takesValue: false, valueName: "", text: "also observe every descendant of the given processes" },
  interval: { takesValue: true, valueName: "MS", text: "time between samples in milliseconds" },
  samples: { takesValue: true, valueName: "N", text: "number of samples" },
  problem: { takesValue: true, valueName: "FILE", text: "the problem the result belongs to" },
  script: { takesValue: false, valueName: "", text: "a bash script of kubectl commands instead of JSON objects" },
  drain: {
    takesValue: true,
    valueName: "NODE[,NODE…]",
    text: "cordon the nodes: units running there move, new work stays off",
  },
  "add-node": {
    takesValue: true,
    valueName: "SPEC[,SPEC…]",
    text: "add nodes: NODE (a copy of it), NODE*K (K copies) or a node as JSON",
  },
  "remove-node": {
    takesValue: true,
    valueName: "NODE[,NODE…]",
    text: "remove the nodes: what ran there is pending, what was pinned there is gone",
  },
  scale: {
    takesValue: true,
    valueName: "PREFIX=N[,…]",
    text: "N units whose id starts with PREFIX (copies of the last one, or the last ones removed)",
  },
  port: { takesValue: true, valueName: "PORT", text: "the TCP port to listen on (default 8765; 0 picks a free one)" },
  host: { takesValue: true, valueName: "ADDRESS", text: "the address to listen on (default 127.0.0.1)" },
  "allow-remote": { takesValue: false, valueName: "", text: "allow --host to be an address other machines can reach" },
  token: {
    takesValue: true,
    valueName: "TOKEN",
    text: "require `Authorization: Bearer TOKEN` (default: the BERTH_TOKEN environment variable, if set)",
  },
  cluster: {
    takesValue: true,
    valueName: "FILE",
    text: "the cluster the extender answers for (kubectl get -o json|yaml, as for import kubernetes)",
  },
  workers: { takesValue: true, valueName: "N", text: "worker threads answering requests (default 2)" },
  "detailed-exitcode": {
    takesValue: false,
    valueName: "",
    text: "exit 0 when nothing changes, 3 when the plan has changes (moves, starts or stops); without it, 0 either way",
  },
} as const;

export type FlagName = keyof typeof FLAGS;

/** One-letter spellings, as kubectl has them: `-o table` is `--format table`. */
export const SHORT_FLAGS = { "-o": "format" } as const satisfies Record<string, FlagName>;

export interface CommandSpec {
  usage: string;
  summary: string;
  /** Paragraphs printed under the usage line by `berth COMMAND --help`. */
  details: string[];
  flags: FlagName[];
  /** Flags the command cannot run without. */
  requiredFlags?: FlagName[];
  subcommands?: string[];
  minPositionals?: number;
  maxPositionals?: number;
  positionalName?: string;
}

const PROBLEM_FLAGS: FlagName[] = ["seed", "time-limit", "format", "out"];
const INPUT =
  "FILE is a problem in Berth's JSON format (docs/format.md); without FILE, or with -, it is read from standard input.";

export const COMMANDS = {
  place: {
    usage: "berth place [FILE | -] [--seed N] [--time-limit MS] [--format json|table] [--out FILE]",
    summary: OPERATION_SUMMARIES.place,
    details: [
      INPUT,
      "Prints the placement: assignments, unplaced units with their reasons, and metrics (node cost against a proven lower bound). --format table shows each node's fill per resource.",
    ],
    flags: PROBLEM_FLAGS,
    maxPositionals: 1,
  },
  explain: {
    usage: "berth explain [FILE | -] --unit ID [--seed N] [--time-limit MS] [--format json|table] [--out FILE]",
    summary: OPERATION_SUMMARIES.explain,
    details: [
      INPUT,
      "Places the problem as `place` does, then reports for the unit, node by node, whether it fits and every rule that keeps it off (pin, selector, taint, groups, the resources it is short of and by how much), a summary per reason, and for an unplaced unit the fixes that would place it (resize a node, evict lower-priority units, drop a group), each verified by placing the changed problem again. Output is JSON; --format table prints each node's verdict, the summary and the fixes in words. More: docs/explain.md.",
    ],
    flags: ["unit", ...PROBLEM_FLAGS],
    requiredFlags: ["unit"],
    maxPositionals: 1,
  },
  analyze: {
    usage: "berth analyze [FILE | -] [--seed N] [--format json|table] [--out FILE]",
    summary: OPERATION_SUMMARIES.analyze,
    details: [INPUT],
    flags: ["seed", "format", "out"],
    maxPositionals: 1,
  },
  schedule: {
    usage: "berth schedule [FILE | -] [--seed N] [--time-limit MS] [--format json|table] [--out FILE]",
    summary: OPERATION_SUMMARIES.schedule,
    details: [INPUT, "--format table prints, per node, the tasks in start order and a small text Gantt chart."],
    flags: PROBLEM_FLAGS,
    maxPositionals: 1,
  },
  plan: {
    usage:
      "berth plan [FILE | -] [--seed N] [--time-limit MS] [--format json|table] [--out FILE] [--detailed-exitcode]",
    summary: OPERATION_SUMMARIES.plan,
    details: [
      INPUT,
      "Units carry `current` (where they run today). Prints the target placement, the moves grouped into make-before-break waves (each wave fits while its units hold room on both nodes), the units left unplaced with reasons, and metrics (moves, move cost, node cost before and after). --format table shows the moves wave by wave and each node's fill after the plan. More: docs/plan-share.md.",
      "--format table lists every unit that changes, as a diff: + starts (no current node, placed now), − stops (has a current node, unplaced now), ~ moves (from → to, with its wave), then a summary line. With --detailed-exitcode the exit code says whether anything changes: 0 nothing, 3 changes pending (like terraform plan -detailed-exitcode).",
    ],
    flags: [...PROBLEM_FLAGS, "detailed-exitcode"],
    maxPositionals: 1,
  },
  share: {
    usage: "berth share [FILE | -] [--seed N] [--format json|table] [--out FILE]",
    summary: OPERATION_SUMMARIES.share,
    details: [
      INPUT,
      "Units carry `elastic` ranges ({ resource: { max, weight } }). Each unit runs on its pin, else its current node, else where `place` puts it; each node's leftover capacity is divided weighted max-min fair among the elastic units there, each capped at max − demand. --format table shows, per elastic unit and resource, demand + extra = total with its cap and weight. More: docs/plan-share.md.",
    ],
    flags: ["seed", "format", "out"],
    maxPositionals: 1,
  },
  validate: {
    usage: "berth validate [FILE | -] --result FILE [--format json|table] [--out FILE]",
    summary: "check that a result is legal for a problem",
    details: [
      INPUT,
      "The result (of place, explain, analyze, schedule, plan or share; which one is recognised from its fields) is read from --result FILE, or from standard input with --result - when the problem comes from a file: berth place p.json | berth validate p.json --result -",
      "Prints { valid, violations } and exits 0 when the result is legal, 1 when it is not (2 when the problem itself is malformed).",
    ],
    flags: ["result", "format", "out"],
    requiredFlags: ["result"],
    maxPositionals: 1,
  },
  import: {
    usage: [
      "berth import wfformat FILE [--nodes P] [--out FILE]",
      "       berth import stg FILE --procs P [--out FILE]",
      "       berth import otel FILE [--out FILE]",
      "       berth import kubernetes FILE... [--out FILE]",
    ].join("\n"),
    summary: "turn a workflow, task graph or trace from another format into a Berth problem",
    details: [
      "wfformat: a WfCommons WfFormat instance (JSON) → units with work and after edges with the bytes passed; the nodes are the instance's machines, or P heterogeneous nodes with --nodes P.",
      "stg: a Standard Task Graph file (text) → units and after edges on P identical processors.",
      "otel: OpenTelemetry traces in OTLP JSON (one request, an array, or JSON Lines) → a unit per service and traffic edges weighted by calls and bytes.",
      "kubernetes: `kubectl get nodes,pods,priorityclasses,podgroups -o json` (or -o yaml; Lists or single objects, several files) → nodes with their allocatable, pods as units with the scheduler's requests, priorities, selectors, affinity, tolerations, spread and gangs. What cannot be expressed is a warning on standard error naming the object's path. More: docs/kubernetes.md.",
      "FILE may be - for standard input. The problem is printed as JSON, ready for analyze, schedule or place.",
    ],
    flags: ["nodes", "procs", "out"],
    subcommands: ["wfformat", "stg", "otel", "kubernetes"],
  },
  export: {
    usage: "berth export kubernetes RESULT --problem FILE [--script] [--out FILE]",
    summary: "turn a place or plan result for an imported Kubernetes cluster into Binding and Eviction objects",
    details: [
      "RESULT is the JSON of `berth place` or `berth plan` on a problem made by `berth import kubernetes` (unit ids namespace/name); --problem FILE is that problem.",
      "place: a List of Binding objects for the pending pods it assigns (kubectl create -f binds them). plan: per wave, an Eviction for each running pod that moves and a Binding for each pending pod that arrives, annotated berth.kubernetes/wave. --script prints a bash script of kubectl commands that applies them wave by wave. More: docs/kubernetes.md.",
    ],
    flags: ["problem", "script", "out"],
    requiredFlags: ["problem"],
    subcommands: ["kubernetes"],
    minPositionals: 1,
    maxPositionals: 1,
    positionalName: "a RESULT file",
  },
  "what-if": {
    usage:
      "berth what-if [FILE | -] [--drain NODE,…] [--add-node SPEC,…] [--remove-node NODE,…] [--scale PREFIX=N,…] [--format json|table] [--out FILE]",
    summary: "change a cluster and see what would not fit, the nodes needed, and the migration plan",
    details: [
      INPUT,
      "Applies the changes (drain, then remove, then add, then scale), places the changed problem, and prints what would not fit, the nodes the packing uses, for each node shape how many more nodes of it would place everything, and the wave-by-wave plan from where units run today. More: docs/kubernetes.md.",
    ],
    flags: ["drain", "add-node", "remove-node", "scale", "seed", "time-limit", "format", "out"],
    maxPositionals: 1,
  },
  serve: {
    usage:
      "berth serve [--cluster FILE…] [--port PORT] [--host ADDRESS [--allow-remote]] [--token TOKEN] [--workers N]",
    summary: "an HTTP server: the kube-scheduler extender protocol and POST /v1/OPERATION",
    details: [
      "Listens on 127.0.0.1 (another address only with --allow-remote). POST /v1/place, /v1/explain, /v1/analyze, /v1/schedule, /v1/plan, /v1/share, /v1/validate take a Berth problem (validate: { problem, result }) and answer its result; GET /healthz answers ok.",
      "With --cluster (kubectl get nodes,pods -o json|yaml, several files), it is a kube-scheduler extender: POST /scheduler/filter, /scheduler/prioritize, /scheduler/preempt and /scheduler/bind speak the ExtenderArgs protocol (k8s.io/kube-scheduler/extender/v1). Requests are bounded in size (8 MiB) and time, answered on worker threads; SIGINT / SIGTERM stop it gracefully. More: docs/kubernetes.md.",
    ],
    flags: ["cluster", "port", "host", "allow-remote", "token", "workers"],
    maxPositionals: 0,
  },
  observe: {
    usage: "berth observe PID... [--threads] [--children] [--interval MS] [--samples N] [--out FILE]",
    summary: "sample running processes (Linux /proc) into a problem: demands, holds, traffic edges",
    details: [
      "Prints a Berth problem for the observed processes on this node. Warnings (a process that vanished, an unreadable entry) go to standard error, one per line, and are left out of the problem so that it can be piped to place or analyze.",
    ],
    flags: ["threads", "children", "interval", "samples", "out"],
    minPositionals: 1,
    positionalName: "at least one PID",
  },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;
