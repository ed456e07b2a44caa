package berth

import _ "embed"

// berth.wasm is copied from the repository's build/ (`npm run build`) by `go generate`; the copy
// is not committed (one berth.wasm in the repository). A published module will carry it in its
// release tag.
//
//go:generate cp ../build/berth.wasm berth.wasm
//go:embed berth.wasm
var wasm []byte
