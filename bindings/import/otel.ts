// OpenTelemetry traces (OTLP JSON) → a Berth problem: one unit per service, `traffic` edges
// between services weighted by calls and by the bytes the spans report.
//
// Source: OTLP/JSON encoding of ExportTraceServiceRequest (opentelemetry-proto,
// trace/v1/trace.proto: resourceSpans[].resource.attributes, scopeSpans[].spans[] with traceId,
// spanId, parentSpanId, kind 0…5 = UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER,
// attributes, events, links; ids are hex strings, int64 values may be strings) and the semantic
// conventions for size attributes (below). Also accepted: the legacy `instrumentationLibrarySpans`
// key, an array of requests, and JSON Lines (one request per line, as the Collector's file
// exporter writes). Precondition: none — input is untrusted; bad input is a BerthError with a path.
//
// Calls: a span whose parent span (same trace) belongs to another service is one call from the
// parent's service to the span's service; so is a span link to a span of another service (a
// consumer linked to its producer). A CLIENT or PRODUCER span with no child or linker in another
// service but a `peer.service` attribute is one call to that service (uninstrumented callee).
// Bytes of one call, caller → callee (request) and callee → caller (response), each taken as the
// larger of what the caller's span (CLIENT/PRODUCER) and the callee's span report — two views of
// the same bytes, never added:
//   request:  http.request.body.size, http.request_content_length (old), messaging.message.body.size,
//             messaging.message_payload_size_bytes (old), and RPC message events (below);
//   response: http.response.body.size, http.response_content_length (old), RPC message events.
//   RPC: events named "message" with rpc.message.type / message.type SENT or RECEIVED and
//   rpc.message.compressed_size (else rpc.message.uncompressed_size; old: message.compressed_size /
//   message.uncompressed_size): SENT by the caller or RECEIVED by the callee is request, the
//   opposite response. The same attributes on the span itself count the same way (no type: request).
// volume(A → B) = callVolume × calls(A → B) + bytes(A → B), callVolume default 1: without size
// attributes the volume is the number of calls; with them it is the bytes plus one per call.
// Every request is answered: the callee → caller edge exists whenever A called B (volume: the
// response bytes, 0 when none were recorded), so whether two services look independent never
// depends on whether response sizes were recorded. A message (PRODUCER → CONSUMER) is not
// answered, unless the trace records a response size.
// Processes: services whose resources name the same process (`host.name` + `process.pid`) run in
// one process (HotROD runs all its services in one): they are `coupled` — one unit of placement,
// whatever the trace says of their calls. Services without process attributes are independent.

import { BerthError } from "../errors.js";
import type { Edge, Node, Problem, Unit } from "../types.js";

export interface OtelImportOptions {
  /** Volume one call adds to its edge, besides its bytes (default 1; ≥ 0). */
  callVolume?: number;
}

type Kind = "UNSPECIFIED" | "INTERNAL" | "SERVER" | "CLIENT" | "PRODUCER" | "CONSUMER";
const KINDS: Kind[] = ["UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"];

type AttributeValue = string | number | boolean | null;
type Attributes = Map<string, AttributeValue>;

interface SpanRecord {
  key: string;
  parentKey: string | null;
  service: string;
  kind: Kind;
  attributes: Attributes;
  events: Array<{ name: string; attributes: Attributes }>;
  linkKeys: string[];
}

const UNKNOWN_SERVICE = "unknown_service";
const REQUEST_ATTRIBUTES = [
  "http.request.body.size",
  "http.request_content_length",
  "messaging.message.body.size",
  "messaging.message_payload_size_bytes",
];
const RESPONSE_ATTRIBUTES = ["http.response.body.size", "http.response_content_length"];

export function importOtel(json: unknown, options: OtelImportOptions = {}): Problem {
  const callVolume = options.callVolume ?? 1;
  if (typeof callVolume !== "number" || !Number.isFinite(callVolume) || callVolume < 0) {
    throw new BerthError("E_OUT_OF_RANGE", "callVolume must be a finite number ≥ 0", "options.callVolume");
  }
  const requests = toRequests(json);
  const spans = new Map<string, SpanRecord>();
  const hostsOf = new Map<string, Set<string>>();
  const processesOf = new Map<string, Set<string>>();
  for (const { request, path } of requests) readRequest(request, path, spans, hostsOf, processesOf);
  return buildProblem(spans, hostsOf, processesOf, callVolume);
}

// ---------------------------------------------------------------------------------------------
// Shape: text, JSON Lines, one request or several.

function toRequests(json: unknown): Array<{ request: unknown; path: string }> {
  if (typeof json === "string") return parseText(json);
  if (Array.isArray(json)) return json.map((request, index) => ({ request, path: `[${index}]` }));
  return [{ request: json, path: "" }];
}

function parseText(text: string): Array<{ request: unknown; path: string }> {
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch (wholeError) {
    const lines = text
      .split("\n")
      .map((line, index) => ({ line: line.trim(), index }))
      .filter((entry) => entry.line);
    if (lines.length < 2)
      throw new BerthError("E_PARSE", `OTLP JSON does not parse: ${(wholeError as Error).message}`, "");
    return lines.map(({ line, index }) => {
      try {
        return { request: JSON.parse(line), path: `[${index}]` };
      } catch (lineError) {
        throw new BerthError(
          "E_PARSE",
          `OTLP JSON Lines: line ${index + 1} does not parse: ${(lineError as Error).message}`,
          `[${index}]`,
        );
      }
    });
  }
  return toRequests(whole);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function arrayAt(owner: Record<string, unknown>, key: string, path: string, required: boolean): unknown[] {
  const value = owner[key];
  if (value === undefined || value === null) {
    if (required) throw new BerthError("E_SCHEMA", `not OTLP trace JSON: \`${key}\` is missing`, join(path, key));
    return [];
  }
  if (!Array.isArray(value)) throw new BerthError("E_SCHEMA", `\`${key}\` must be an array`, join(path, key));
  return value;
}

function objectAt(value: unknown, path: string, what: string): Record<string, unknown> {
  if (!isObject(value)) throw new BerthError("E_SCHEMA", `${what} must be an object`, path);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Reading spans.

function readRequest(
  request: unknown,
  path: string,
  spans: Map<string, SpanRecord>,
  hostsOf: Map<string, Set<string>>,
  processesOf: Map<string, Set<string>>,
): void {
  if (!isObject(request) || !("resourceSpans" in request)) {
    throw new BerthError("E_SCHEMA", "not OTLP trace JSON: expected an object with `resourceSpans`", path);
  }
  arrayAt(request, "resourceSpans", path, true).forEach((entry, r) => {
    const resourcePath = join(path, `resourceSpans[${r}]`);
    const resourceSpans = objectAt(entry, resourcePath, "a resourceSpans entry");
    const resource =
      resourceSpans.resource === undefined
        ? {}
        : objectAt(resourceSpans.resource, join(resourcePath, "resource"), "`resource`");
    const attributes = readAttributes(resource, join(resourcePath, "resource"));
    const serviceName = attributes.get("service.name");
    const service = typeof serviceName === "string" && serviceName ? serviceName : UNKNOWN_SERVICE;
    const host = attributes.get("host.name");
    const pid = attributes.get("process.pid");
    const process =
      pid !== undefined && pid !== null && String(pid) !== ""
        ? `${typeof host === "string" ? host : ""}|${String(pid)}`
        : null;
    const scopesKey = "scopeSpans" in resourceSpans ? "scopeSpans" : "instrumentationLibrarySpans";
    arrayAt(resourceSpans, scopesKey, resourcePath, false).forEach((scope, s) => {
      const scopePath = join(resourcePath, `${scopesKey}[${s}]`);
      const scopeSpans = objectAt(scope, scopePath, `a ${scopesKey} entry`);
      arrayAt(scopeSpans, "spans", scopePath, false).forEach((span, k) => {
        const record = readSpan(span, join(scopePath, `spans[${k}]`), service);
        // A span exported twice (retried export) is one span, not two calls.
        if (!spans.has(record.key)) spans.set(record.key, record);
        // A service is a unit once it has a span: a resource that recorded nothing is not one.
        if (!hostsOf.has(service)) hostsOf.set(service, new Set());
        if (typeof host === "string" && host) hostsOf.get(service)!.add(host);
        if (process) processesOf.set(process, (processesOf.get(process) ?? new Set()).add(service));
      });
    });
  });
}

function readSpan(value: unknown, path: string, service: string): SpanRecord {
  const span = objectAt(value, path, "a span");
  const traceId = requiredId(span, "traceId", path);
  const spanId = requiredId(span, "spanId", path);
  const parent = span.parentSpanId;
  if (parent !== undefined && parent !== null && typeof parent !== "string") {
    throw new BerthError("E_SCHEMA", "`parentSpanId` must be a string", join(path, "parentSpanId"));
  }
  const events = arrayAt(span, "events", path, false).map((event, e) => {
    const eventPath = join(path, `events[${e}]`);
    const record = objectAt(event, eventPath, "an event");
    return { name: typeof record.name === "string" ? record.name : "", attributes: readAttributes(record, eventPath) };
  });
  const linkKeys = arrayAt(span, "links", path, false).map((link, l) => {
    const linkPath = join(path, `links[${l}]`);
    const record = objectAt(link, linkPath, "a link");
    return `${requiredId(record, "traceId", linkPath)}/${requiredId(record, "spanId", linkPath)}`;
  });
  return {
    key: `${traceId}/${spanId}`,
    parentKey: parent ? `${traceId}/${parent}` : null,
    service,
    kind: readKind(span.kind, join(path, "kind")),
    attributes: readAttributes(span, path),
    events,
    linkKeys,
  };
}

function requiredId(owner: Record<string, unknown>, key: string, path: string): string {
  const value = owner[key];
  if (typeof value !== "string" || value === "") {
    throw new BerthError("E_SCHEMA", `\`${key}\` must be a non-empty (hex) string`, join(path, key));
  }
  return value.toLowerCase();
}

function readKind(value: unknown, path: string): Kind {
  if (value === undefined || value === null) return "UNSPECIFIED";
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value < KINDS.length) return KINDS[value];
  if (typeof value === "string") {
    const name = value.replace(/^SPAN_KIND_/, "") as Kind;
    if (KINDS.includes(name)) return name;
  }
  throw new BerthError("E_SCHEMA", `unknown span kind ${JSON.stringify(value)} (0…5 or SPAN_KIND_…)`, path);
}

/** OTLP KeyValue list → Map; AnyValue: stringValue, boolValue, intValue (number or decimal string), doubleValue. */
function readAttributes(owner: Record<string, unknown>, path: string): Attributes {
  const result: Attributes = new Map();
  arrayAt(owner, "attributes", path, false).forEach((entry, a) => {
    const entryPath = join(path, `attributes[${a}]`);
    const pair = objectAt(entry, entryPath, "an attribute");
    if (typeof pair.key !== "string")
      throw new BerthError("E_SCHEMA", "an attribute's `key` must be a string", join(entryPath, "key"));
    const value =
      pair.value === undefined || pair.value === null
        ? {}
        : objectAt(pair.value, join(entryPath, "value"), "an attribute value");
    result.set(pair.key, anyValue(value));
  });
  return result;
}

function anyValue(value: Record<string, unknown>): AttributeValue {
  if (typeof value.stringValue === "string") return value.stringValue;
  if (typeof value.boolValue === "boolean") return value.boolValue;
  if (typeof value.doubleValue === "number") return value.doubleValue;
  if (typeof value.intValue === "number") return value.intValue;
  if (typeof value.intValue === "string" && /^-?\d+$/.test(value.intValue)) return Number(value.intValue);
  return null; // arrays, kvlists, bytes: no size attribute uses them
}

// ---------------------------------------------------------------------------------------------
// Calls and bytes.

interface Flow {
  calls: number;
  /** Calls the other way that this flow answers (responses). */
  answers: number;
  bytes: number;
}

type Role = "caller" | "callee";

/** Bytes a span reports for one direction of its call, seen from its role; null when it says nothing. */
function spanBytes(span: SpanRecord, role: Role, direction: "request" | "response"): number | null {
  let total: number | null = null;
  const add = (amount: AttributeValue | undefined) => {
    if (typeof amount === "number" && Number.isFinite(amount) && amount >= 0) total = (total ?? 0) + amount;
  };
  for (const name of direction === "request" ? REQUEST_ATTRIBUTES : RESPONSE_ATTRIBUTES) add(span.attributes.get(name));
  const messages = span.events.filter((event) => event.name === "message").map((event) => event.attributes);
  for (const attributes of [span.attributes, ...messages]) {
    const size = messageSize(attributes);
    if (size === null) continue;
    const type = attributes.get("rpc.message.type") ?? attributes.get("message.type");
    const onSpan = attributes === span.attributes;
    if (type !== "SENT" && type !== "RECEIVED" && !onSpan) continue; // an event that says neither way
    const sentByCaller = type === "SENT" ? role === "caller" : type === "RECEIVED" ? role === "callee" : true;
    if ((direction === "request") === sentByCaller) add(size);
  }
  return total;
}

function messageSize(attributes: Attributes): number | null {
  for (const name of [
    "rpc.message.compressed_size",
    "rpc.message.uncompressed_size",
    "message.compressed_size",
    "message.uncompressed_size",
  ]) {
    const value = attributes.get(name);
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  }
  return null;
}

function largest(a: number | null, b: number | null): number {
  return Math.max(a ?? 0, b ?? 0);
}

function buildProblem(
  spans: Map<string, SpanRecord>,
  hostsOf: Map<string, Set<string>>,
  processesOf: Map<string, Set<string>>,
  callVolume: number,
): Problem {
  const flows = new Map<string, Flow>();
  const flow = (from: string, to: string): Flow => {
    const key = `${from}\u0000${to}`;
    let entry = flows.get(key);
    if (!entry) flows.set(key, (entry = { calls: 0, answers: 0, bytes: 0 }));
    return entry;
  };
  const services = new Set<string>(hostsOf.keys());
  const reachedOut = new Set<string>(); // caller spans whose callee is in the data

  const call = (caller: SpanRecord, callee: SpanRecord) => {
    const callerView = caller.kind === "CLIENT" || caller.kind === "PRODUCER";
    flow(caller.service, callee.service).calls += 1;
    flow(caller.service, callee.service).bytes += largest(
      spanBytes(callee, "callee", "request"),
      callerView ? spanBytes(caller, "caller", "request") : null,
    );
    const response = largest(
      spanBytes(callee, "callee", "response"),
      callerView ? spanBytes(caller, "caller", "response") : null,
    );
    // A message (producer → consumer) is not answered; a request is, even when no size was recorded.
    const messaging = caller.kind === "PRODUCER" || callee.kind === "CONSUMER";
    if (!messaging || response > 0) {
      const answer = flow(callee.service, caller.service);
      answer.answers += 1;
      answer.bytes += response;
    }
    reachedOut.add(caller.key);
  };

  const ordered = [...spans.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const span of ordered) {
    const parent = span.parentKey ? spans.get(span.parentKey) : undefined;
    if (parent && parent.service !== span.service) call(parent, span);
    for (const linkKey of new Set(span.linkKeys)) {
      const linked = spans.get(linkKey);
      if (linked && linked !== parent && linked.service !== span.service) call(linked, span);
    }
  }
  for (const span of ordered) {
    if ((span.kind !== "CLIENT" && span.kind !== "PRODUCER") || reachedOut.has(span.key)) continue;
    const peer = span.attributes.get("peer.service");
    if (typeof peer !== "string" || !peer || peer === span.service) continue;
    services.add(peer);
    const entry = flow(span.service, peer);
    entry.calls += 1;
    entry.bytes += spanBytes(span, "caller", "request") ?? 0;
    const response = spanBytes(span, "caller", "response") ?? 0;
    if (span.kind !== "PRODUCER" || response > 0) {
      const answer = flow(peer, span.service);
      answer.answers += 1;
      answer.bytes += response;
    }
  }

  const serviceIds = [...services].sort(compareText);
  const hosts = new Set<string>();
  const units: Unit[] = serviceIds.map((service) => {
    const unit: Unit = { id: service };
    const seen = hostsOf.get(service);
    // A service seen on exactly one host runs there today; on several (replicas) it has no one current node.
    if (seen && seen.size === 1) unit.current = [...seen][0];
    for (const host of seen ?? []) hosts.add(host);
    return unit;
  });
  const nodes: Node[] = [...hosts].sort(compareText).map((id) => ({ id }));
  const edges: Edge[] = [...flows.entries()]
    .map(([key, entry]) => {
      const [from, to] = key.split("\u0000");
      return { from, to, kind: "traffic" as const, volume: callVolume * entry.calls + entry.bytes };
    })
    .filter((edge) => {
      const entry = flows.get(`${edge.from}\u0000${edge.to}`)!;
      return edge.volume > 0 || entry.calls > 0 || entry.answers > 0;
    })
    .sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to));
  // Services of one process: a chain of coupled edges over them, in id order.
  const coupled: Edge[] = [];
  const chained = new Set<string>();
  for (const group of processesOf.values()) {
    const members = [...group].filter((s) => services.has(s)).sort(compareText);
    for (let k = 1; k < members.length; k++) {
      const key = `${members[0]}\u0000${members[k]}`;
      if (chained.has(key)) continue;
      chained.add(key);
      coupled.push({ from: members[0], to: members[k], kind: "coupled" });
    }
  }
  coupled.sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to));
  return { resources: ["cpu", "memory"], nodes, units, edges: [...coupled, ...edges] };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
