# workerd config for the conformance test (test/runtimes/workerd.test.mjs). The test bundles
# worker.mjs into worker.js beside a copy of this file, the .wasm beside it as berth.wasm, and
# passes the loopback port with --socket-addr http=127.0.0.1:PORT.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "berth-test", worker = .testWorker)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "berth-test")],
);

const testWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "berth.wasm", wasm = embed "berth.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
