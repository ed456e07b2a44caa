// importOtel(): traces recorded by the real OpenTelemetry JS SDK (BasicTracerProvider per service,
// one InMemorySpanExporter), converted to OTLP JSON, imported; generated traces for properties;
// bad input. Every problem produced must pass normalize().
import { test } from "node:test";
import assert from "node:assert/strict";
import { context, trace, SpanKind } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { importOtel, normalize, analyze, init, BerthError } from "../dist/node.js";
import { fc } from "./support/property.mjs";
import { toOtlpJson } from "./fixtures/observe/otlp.mjs";

const REQUEST = 120;
const RESPONSE = 800;
const MESSAGE = 300;
const RPC_SENT = 40;
const RPC_REPLY = 60;
const ORDERS = 2;

/** Five services on three hosts; `postgres` is uninstrumented (only named by peer.service). */
function recordShopTraces() {
  const exporter = new InMemorySpanExporter();
  const tracerOf = (service, host) =>
    new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": service, "host.name": host }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    }).getTracer(`${service}-instrumentation`);
  const frontend = tracerOf("frontend", "host-a");
  const cart = tracerOf("cart", "host-b");
  const inventory = tracerOf("inventory", "host-b");
  const worker = tracerOf("worker", "host-c");
  const within = (span) => trace.setSpan(context.active(), span);

  for (let order = 0; order < ORDERS; order++) {
    const page = frontend.startSpan("GET /checkout", { kind: SpanKind.SERVER });
    // HTTP: the client span knows the request size, the server span both sizes (two views, one call).
    const httpCall = frontend.startSpan(
      "POST /cart",
      { kind: SpanKind.CLIENT, attributes: { "http.request.body.size": REQUEST } },
      within(page),
    );
    const cartServer = cart.startSpan(
      "POST /cart",
      { kind: SpanKind.SERVER, attributes: { "http.request.body.size": REQUEST, "http.response.body.size": RESPONSE } },
      within(httpCall),
    );
    const query = cart.startSpan(
      "SELECT",
      { kind: SpanKind.CLIENT, attributes: { "peer.service": "postgres" } },
      within(cartServer),
    );
    query.end();
    // gRPC: sizes only on message events, SENT / RECEIVED from each side's point of view.
    const rpcCall = cart.startSpan("inventory.Reserve", { kind: SpanKind.CLIENT }, within(cartServer));
    rpcCall.addEvent("message", { "rpc.message.type": "SENT", "rpc.message.compressed_size": RPC_SENT });
    const rpcServer = inventory.startSpan("inventory.Reserve", { kind: SpanKind.SERVER }, within(rpcCall));
    rpcServer.addEvent("message", { "rpc.message.type": "RECEIVED", "rpc.message.compressed_size": RPC_SENT });
    rpcServer.addEvent("message", { "rpc.message.type": "SENT", "rpc.message.compressed_size": RPC_REPLY });
    rpcServer.end();
    rpcCall.addEvent("message", { "rpc.message.type": "RECEIVED", "rpc.message.compressed_size": RPC_REPLY });
    rpcCall.end();
    cartServer.end();
    httpCall.end();
    // Messaging: the consumer starts its own trace and links to the producer.
    const publish = frontend.startSpan(
      "orders publish",
      { kind: SpanKind.PRODUCER, attributes: { "messaging.message.body.size": MESSAGE } },
      within(page),
    );
    publish.end();
    const consume = worker.startSpan("orders process", {
      kind: SpanKind.CONSUMER,
      root: true,
      links: [{ context: publish.spanContext() }],
    });
    consume.end();
    page.end();
  }
  return exporter.getFinishedSpans();
}

test("OTLP from the OpenTelemetry SDK: one unit per service, edges weighted by calls and bytes", () => {
  const otlp = toOtlpJson(recordShopTraces());
  const problem = importOtel(otlp);
  assert.deepEqual(problem.units, [
    { id: "cart", current: "host-b" },
    { id: "frontend", current: "host-a" },
    { id: "inventory", current: "host-b" },
    { id: "postgres" },
    { id: "worker", current: "host-c" },
  ]);
  assert.deepEqual(problem.nodes, [{ id: "host-a" }, { id: "host-b" }, { id: "host-c" }]);
  // volume = calls × 1 + bytes (docs/observe.md); two views of one call's bytes count once.
  const edge = (from, to, calls, bytes) => ({ from, to, kind: "traffic", volume: calls + bytes });
  assert.deepEqual(problem.edges, [
    edge("cart", "frontend", 0, ORDERS * RESPONSE),
    edge("cart", "inventory", ORDERS, ORDERS * RPC_SENT),
    edge("cart", "postgres", ORDERS, 0),
    edge("frontend", "cart", ORDERS, ORDERS * REQUEST),
    edge("frontend", "worker", ORDERS, ORDERS * MESSAGE),
    edge("inventory", "cart", 0, ORDERS * RPC_REPLY),
    // postgres answers cart although no response size was recorded; the worker's message is not answered.
    edge("postgres", "cart", 0, 0),
  ]);
  normalize(problem, "place");

  // The same request as text, as JSON Lines (one request per resource), or split in an array: same problem.
  assert.deepEqual(importOtel(JSON.stringify(otlp)), problem);
  const lines = otlp.resourceSpans
    .map((resourceSpans) => JSON.stringify({ resourceSpans: [resourceSpans] }))
    .join("\n");
  assert.deepEqual(importOtel(lines), problem);
  // callVolume weighs calls against bytes.
  const weighted = importOtel(otlp, { callVolume: 1000 });
  assert.equal(weighted.edges.find((e) => e.from === "cart" && e.to === "postgres").volume, ORDERS * 1000);
});

// ---------------------------------------------------------------------------------------------
// Generated traces: random span forests over a few services, no size attributes.

const hex = (n, width) => n.toString(16).padStart(width, "0");

const traceArbitrary = fc
  .record({
    services: fc.integer({ min: 1, max: 5 }),
    traces: fc.array(
      fc.array(fc.record({ parent: fc.nat(), service: fc.nat(), kind: fc.integer({ min: 0, max: 5 }) }), {
        minLength: 1,
        maxLength: 12,
      }),
      { minLength: 1, maxLength: 5 },
    ),
  })
  .map(({ services, traces }) => {
    const spans = [];
    traces.forEach((steps, t) => {
      steps.forEach((step, s) => {
        spans.push({
          traceId: hex(t + 1, 32),
          spanId: hex(t * 100 + s + 1, 16),
          // Span s's parent is an earlier span of its trace (or none for s = 0): a forest.
          parentSpanId: s === 0 ? "" : hex(t * 100 + (step.parent % s) + 1, 16),
          service: `svc-${step.service % services}`,
          kind: step.kind,
        });
      });
    });
    return spans;
  });

function asOtlp(spans) {
  const byService = new Map();
  for (const span of spans) {
    if (!byService.has(span.service)) byService.set(span.service, []);
    byService.get(span.service).push(span);
  }
  return {
    resourceSpans: [...byService].map(([service, owned]) => ({
      resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
      scopeSpans: [
        { scope: { name: "generated" }, spans: owned.map(({ service: _, ...span }) => ({ ...span, name: "op" })) },
      ],
    })),
  };
}

test("property: volume sums to the number of cross-service parent links; order of input is irrelevant", () => {
  fc.assert(
    fc.property(traceArbitrary, fc.context(), (spans, ctx) => {
      const problem = importOtel(asOtlp(spans));
      const serviceOf = new Map(spans.map((span) => [`${span.traceId}/${span.spanId}`, span.service]));
      const crossLinks = spans.filter(
        (span) => span.parentSpanId && serviceOf.get(`${span.traceId}/${span.parentSpanId}`) !== span.service,
      ).length;
      const total = problem.edges.reduce((sum, edge) => sum + edge.volume, 0);
      ctx.log(JSON.stringify(problem.edges));
      assert.equal(total, crossLinks);
      assert.deepEqual(
        problem.units.map((unit) => unit.id),
        [...new Set(spans.map((span) => span.service))].sort(),
      );
      const pairs = problem.edges.map((edge) => `${edge.from}>${edge.to}`);
      assert.deepEqual(pairs, [...new Set(pairs)].sort(), "edges unique and sorted");
      assert.deepEqual(importOtel(asOtlp([...spans].reverse())), problem);
      normalize(problem, "analyze");
    }),
  );
});

test("property: any JSON that is not OTLP is a BerthError, never a crash", () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      try {
        // A few generated values are valid but empty OTLP ([] or { resourceSpans: [] }): no services.
        assert.deepEqual(importOtel(value).units, []);
      } catch (error) {
        assert.ok(error instanceof BerthError, String(error));
        assert.ok(["E_SCHEMA", "E_PARSE", "E_OUT_OF_RANGE"].includes(error.code), error.code);
      }
    }),
  );
});

test("bad OTLP input: E_PARSE or E_SCHEMA with the path of the offending value", () => {
  assert.throws(() => importOtel("{ not json"), { code: "E_PARSE", path: "" });
  assert.throws(() => importOtel('{"resourceSpans": []}\n{ oops'), { code: "E_PARSE", path: "[1]" });
  assert.throws(() => importOtel({ data: [] }), { code: "E_SCHEMA", path: "" });
  // A Zipkin v2 file (a list of spans) is not OTLP.
  const zipkin = [{ traceId: "a".repeat(16), id: "b".repeat(16), localEndpoint: { serviceName: "web" } }];
  assert.throws(() => importOtel(zipkin), { code: "E_SCHEMA", path: "[0]" });
  assert.throws(() => importOtel({ resourceSpans: {} }), { code: "E_SCHEMA", path: "resourceSpans" });
  const span = { traceId: "ab", spanId: "cd" };
  const wrap = (spans) => ({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans }] }] });
  assert.throws(() => importOtel(wrap([span, { traceId: "ab" }])), {
    code: "E_SCHEMA",
    path: "resourceSpans[0].scopeSpans[0].spans[1].spanId",
  });
  assert.throws(() => importOtel(wrap([{ ...span, kind: 9 }])), {
    code: "E_SCHEMA",
    path: "resourceSpans[0].scopeSpans[0].spans[0].kind",
  });
  assert.throws(() => importOtel(wrap([{ ...span, attributes: [{ value: {} }] }])), {
    code: "E_SCHEMA",
    path: "resourceSpans[0].scopeSpans[0].spans[0].attributes[0].key",
  });
  assert.throws(() => importOtel(wrap([span]), { callVolume: -1 }), {
    code: "E_OUT_OF_RANGE",
    path: "options.callVolume",
  });
  // Kinds by name, int64 sizes as JSON numbers, legacy instrumentationLibrarySpans: all accepted.
  const legacy = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "a" } }] },
        instrumentationLibrarySpans: [{ spans: [{ traceId: "AB", spanId: "01", kind: "SPAN_KIND_CLIENT" }] }],
      },
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "b" } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: "ab",
                spanId: "02",
                parentSpanId: "01",
                kind: "SPAN_KIND_SERVER",
                attributes: [{ key: "http.request.body.size", value: { intValue: 10 } }],
              },
            ],
          },
        ],
      },
    ],
  };
  assert.deepEqual(importOtel(legacy).edges, [
    { from: "a", to: "b", kind: "traffic", volume: 11 },
    { from: "b", to: "a", kind: "traffic", volume: 0 },
  ]);
  // Valid but empty: no spans, no services.
  assert.deepEqual(importOtel(wrap([])), { resources: ["cpu", "memory"], nodes: [], units: [], edges: [] });
});

// HotROD runs frontend, customer, driver and route in one process: the trace says so through its
// resources' process.pid (and host.name), and the importer couples them.
test("services that share a process are coupled; independence does not hang on response sizes", async () => {
  await init();
  const resource = (service, pid) => ({
    attributes: [
      { key: "service.name", value: { stringValue: service } },
      { key: "host.name", value: { stringValue: "hotrod-host" } },
      { key: "process.pid", value: { intValue: pid } },
    ],
  });
  const span = (spanId, parentSpanId, kind, attributes = []) => ({
    traceId: "aa",
    spanId,
    parentSpanId,
    kind,
    attributes,
  });
  const trace = (withSizes) => {
    const size = (key, n) => (withSizes ? [{ key, value: { intValue: n } }] : []);
    return {
      resourceSpans: [
        {
          resource: resource("frontend", 7),
          scopeSpans: [{ spans: [span("01", undefined, "SPAN_KIND_SERVER"), span("02", "01", "SPAN_KIND_CLIENT")] }],
        },
        {
          resource: resource("customer", 7),
          scopeSpans: [{ spans: [span("03", "02", "SPAN_KIND_SERVER", size("http.response.body.size", 300))] }],
        },
        { resource: resource("redis", 9), scopeSpans: [{ spans: [span("04", "03", "SPAN_KIND_SERVER")] }] },
      ],
    };
  };
  const withSizes = importOtel(trace(true));
  const without = importOtel(trace(false));
  assert.deepEqual(
    withSizes.edges.filter((e) => e.kind === "coupled"),
    [{ from: "customer", to: "frontend", kind: "coupled" }],
  );
  assert.deepEqual(
    analyze(withSizes).components,
    analyze(without).components,
    "same components whether sizes were recorded or not",
  );
  assert.deepEqual(analyze(without).coupledGroups, [["customer", "frontend"]]);
  assert.equal(analyze(without).mobility.frontend, "group");
});
