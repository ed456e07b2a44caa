// Runs in Chromium: loads Berth the way the page's query asks, replays the conformance vectors and
// leaves everything the test checks on `window.berthReport`.
//
// Query: `wasm=URL` passes a URL to init (a host serving the file elsewhere); `retry=1` first
// calls init with a URL that 404s, which must fail with E_NOT_READY and leave init retryable.

export async function replay(berth, runVector, entryName) {
  const params = new URLSearchParams(location.search);
  const report = { entry: entryName, calls: { compileStreaming: 0, compile: 0 }, violations: [], results: {} };
  document.addEventListener("securitypolicyviolation", (event) => report.violations.push(event.effectiveDirective));
  // Count which compile path the binding takes (streaming, or the MIME-type fallback).
  for (const name of ["compileStreaming", "compile"]) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      report.calls[name] += 1;
      return original.apply(this, args);
    };
  }
  try {
    if (params.get("retry") === "1") {
      try {
        await berth.init("/missing/berth.wasm");
        report.retry = "first init unexpectedly succeeded";
      } catch (error) {
        report.retry = error.code;
      }
    }
    const wasm = params.get("wasm");
    await (wasm ? berth.init(wasm) : berth.init());
    await berth.init(); // idempotent: resolves at once, compiles nothing
    const vectors = await (await fetch("/vectors.json")).json();
    for (const vector of vectors) report.results[vector.name] = runVector(berth, vector);
    report.status = "done";
  } catch (error) {
    report.status = "failed";
    report.error = { code: error.code, message: error.message };
  }
  window.berthReport = report;
}
