// Package berth runs the Berth placement engine from Go: the same berth.wasm as the npm package,
// executed by wazero (pure Go, no cgo).
//
// The engine reads and checks the JSON problem itself (FORMAT.md) and writes the result as JSON,
// so a call is: copy the problem's bytes into the engine's memory, call `runJson` once, copy the
// answer out (DESIGN.md, "Across the Wasm boundary"). Results are byte for byte those of the
// JavaScript binding.
//
// Operations (all in the engine's JSON entry): Place, Analyze, Schedule, Plan, Share and Explain
// (why a unit is or is not placed, and the verified fixes; its request travels as the call's
// arguments). An unknown operation name returns an *Error with Code "E_UNSUPPORTED".
//
// The module path github.com/berth-engine/berth/go is not published yet; berth.wasm is copied
// from ../build by `go generate` (see wasm.go) before building or testing from the repository.
package berth

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// Operation codes of assembly/abi/status.ts (OP_*, generated into layouts.go).
var operationCodes = map[string]uint32{
	"place": Status_OP_PLACE, "analyze": Status_OP_ANALYZE, "schedule": Status_OP_SCHEDULE,
	"plan": Status_OP_PLAN, "share": Status_OP_SHARE, "explain": Status_OP_EXPLAIN,
}

// SupportedOperations are the operations the engine's JSON entry answers.
var SupportedOperations = []string{"place", "analyze", "schedule", "plan", "share", "explain"}

// Error is a typed engine error: Code (docs/errors.md) and Path (the JSON path of the offending
// value, "" for the whole input), as the other bindings' BerthError.
type Error struct {
	Code    string   `json:"code"`
	Message string   `json:"message"`
	Path    string   `json:"path"`
	Cycle   []string `json:"cycle,omitempty"`
}

func (e *Error) Error() string {
	if e.Path != "" {
		return fmt.Sprintf("%s: %s (at %s)", e.Code, e.Message, e.Path)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Engine is one compiled berth.wasm and one instance of it. Calls are serialised (one at a time);
// use several Engines for parallel work. The context is checked before each call (an ended
// context returns its error); NewInterruptibleEngine also stops a running call. An instance that
// trapped or was stopped is replaced on the next call.
type Engine struct {
	mu       sync.Mutex
	runtime  wazero.Runtime
	compiled wazero.CompiledModule
	module   api.Module
	started  time.Time
}

// NewEngine compiles the embedded berth.wasm.
func NewEngine(ctx context.Context) (*Engine, error) {
	return newEngine(ctx, wazero.NewRuntimeConfig())
}

// NewInterruptibleEngine is NewEngine whose calls stop as soon as their context ends (wazero's
// close-on-context-done). The checks it compiles in cost a lot: place ran 13 × slower in
// bench/contract.mjs. With NewEngine the context is checked before each call, and a long call is
// bounded with the problem's `options.timeLimitMs` instead.
func NewInterruptibleEngine(ctx context.Context) (*Engine, error) {
	return newEngine(ctx, wazero.NewRuntimeConfig().WithCloseOnContextDone(true))
}

func newEngine(ctx context.Context, config wazero.RuntimeConfig) (*Engine, error) {
	// wazero's on-disk compilation cache: compiling berth.wasm takes ~0.4 s, loading it back far less.
	if dir, err := os.UserCacheDir(); err == nil && os.Getenv("BERTH_NO_CACHE") == "" {
		if cache, err := wazero.NewCompilationCacheWithDir(filepath.Join(dir, "berth-wazero")); err == nil {
			config = config.WithCompilationCache(cache)
		}
	}
	runtime := wazero.NewRuntimeWithConfig(ctx, config)
	engine := &Engine{runtime: runtime, started: time.Now()}
	_, err := runtime.NewHostModuleBuilder("berth").
		NewFunctionBuilder().WithFunc(func() float64 { return float64(time.Since(engine.started).Nanoseconds()) / 1e6 }).Export("now").
		NewFunctionBuilder().WithFunc(func(operation int32, fraction float64) {}).Export("progress").
		Instantiate(ctx)
	if err == nil {
		_, err = runtime.NewHostModuleBuilder("env").
			NewFunctionBuilder().WithFunc(func(ctx context.Context, message, file, line, column int32) {
			panic("berth.wasm aborted")
		}).Export("abort").
			Instantiate(ctx)
	}
	if err == nil {
		engine.compiled, err = runtime.CompileModule(ctx, wasm)
	}
	if err != nil {
		runtime.Close(ctx)
		return nil, fmt.Errorf("berth: loading berth.wasm: %w", err)
	}
	return engine, nil
}

// Close releases the engine.
func (e *Engine) Close(ctx context.Context) error {
	return e.runtime.Close(ctx)
}

// RunJSON answers `operation` for the problem's JSON bytes with the result's JSON bytes, or an
// *Error for bad input or an operation the JSON entry does not cover.
func (e *Engine) RunJSON(ctx context.Context, operation string, problem []byte) ([]byte, error) {
	return e.RunJSONArgs(ctx, operation, problem, nil)
}

// RunJSONArgs is RunJSON with the operation's arguments as JSON bytes (explain's request:
// {"unit": id, "assignments": {unit id: node id}}; nil for the other operations).
func (e *Engine) RunJSONArgs(ctx context.Context, operation string, problem, args []byte) ([]byte, error) {
	if !supported(operation) {
		return nil, &Error{Code: "E_UNSUPPORTED", Message: fmt.Sprintf("%s does not go through the engine's JSON entry (covered: %s)", operation, strings.Join(SupportedOperations, ", "))}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if e.module == nil || e.module.IsClosed() {
		module, err := e.runtime.InstantiateModule(ctx, e.compiled, wazero.NewModuleConfig().WithName(""))
		if err != nil {
			return nil, fmt.Errorf("berth: instantiating berth.wasm: %w", err)
		}
		e.module = module
	}
	ok, text, err := e.call(ctx, operationCodes[operation], problem, args)
	if err != nil {
		e.module.Close(ctx) // a trapped or cancelled instance is unusable
		e.module = nil
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, &Error{Code: "E_INTERNAL", Message: fmt.Sprintf("berth.wasm failed: %v", err)}
	}
	if ok {
		return text, nil
	}
	record := &Error{}
	if err := json.Unmarshal(text, record); err != nil {
		return nil, &Error{Code: "E_INTERNAL", Message: "unreadable error record from berth.wasm"}
	}
	return nil, record
}

func (e *Engine) call(ctx context.Context, operation uint32, problem, args []byte) (ok bool, text []byte, err error) {
	defer func() {
		if recovered := recover(); recovered != nil {
			err = fmt.Errorf("%v", recovered)
		}
	}()
	module := e.module
	memory := module.Memory()
	if _, err = module.ExportedFunction("arenaReset").Call(ctx); err != nil {
		return
	}
	alloc := module.ExportedFunction("arenaAlloc")
	results, err := alloc.Call(ctx, uint64(len(problem)))
	if err != nil {
		return
	}
	input := uint32(results[0])
	if !memory.Write(input, problem) {
		return false, nil, errors.New("problem does not fit in memory")
	}
	results, err = alloc.Call(ctx, uint64(len(args)))
	if err != nil {
		return
	}
	argsPtr := uint32(results[0])
	if !memory.Write(argsPtr, args) {
		return false, nil, errors.New("arguments do not fit in memory")
	}
	results, err = module.ExportedFunction("runJson").Call(ctx, uint64(operation), uint64(input), uint64(len(problem)), uint64(argsPtr), uint64(len(args)))
	if err != nil {
		return
	}
	record, found := memory.Read(uint32(results[0]), Status_JSON_RESULT_BYTES)
	if !found {
		return false, nil, errors.New("result record out of range")
	}
	status := int32(binary.LittleEndian.Uint32(record[Status_JR_STATUS:]))
	pointer := binary.LittleEndian.Uint32(record[Status_JR_POINTER:])
	length := binary.LittleEndian.Uint32(record[Status_JR_LENGTH:])
	view, found := memory.Read(pointer, length)
	if !found {
		return false, nil, errors.New("result text out of range")
	}
	return status == Status_JSON_OK, append([]byte(nil), view...), nil
}

func supported(operation string) bool {
	for _, name := range SupportedOperations {
		if name == operation {
			return true
		}
	}
	return false
}

var (
	defaultOnce   sync.Once
	defaultEngine *Engine
	defaultErr    error
)

func shared(ctx context.Context) (*Engine, error) {
	defaultOnce.Do(func() { defaultEngine, defaultErr = NewEngine(context.Background()) })
	return defaultEngine, defaultErr
}

// Place answers "which node should each unit run on?" (FORMAT.md "place") for a problem given as
// JSON bytes, with the result's JSON bytes. It uses a shared Engine.
func Place(ctx context.Context, problem []byte) ([]byte, error) {
	engine, err := shared(ctx)
	if err != nil {
		return nil, err
	}
	return engine.RunJSON(ctx, "place", problem)
}

// PlaceProblem is Place on a typed problem, with a typed result.
func PlaceProblem(ctx context.Context, problem *Problem) (*PlaceResult, error) {
	input, err := json.Marshal(problem)
	if err != nil {
		return nil, &Error{Code: "E_SCHEMA", Message: fmt.Sprintf("the problem cannot be written as JSON: %v", err)}
	}
	output, err := Place(ctx, input)
	if err != nil {
		return nil, err
	}
	result := &PlaceResult{}
	if err := json.Unmarshal(output, result); err != nil {
		return nil, err
	}
	return result, nil
}

// Analyze answers "how is the workload shaped?" (FORMAT.md "analyze") for a problem given as JSON
// bytes, with the result's JSON bytes. It uses a shared Engine.
func Analyze(ctx context.Context, problem []byte) ([]byte, error) {
	engine, err := shared(ctx)
	if err != nil {
		return nil, err
	}
	return engine.RunJSON(ctx, "analyze", problem)
}

// AnalyzeProblem is Analyze on a typed problem, with a typed result.
func AnalyzeProblem(ctx context.Context, problem *Problem) (*AnalyzeResult, error) {
	input, err := json.Marshal(problem)
	if err != nil {
		return nil, &Error{Code: "E_SCHEMA", Message: fmt.Sprintf("the problem cannot be written as JSON: %v", err)}
	}
	output, err := Analyze(ctx, input)
	if err != nil {
		return nil, err
	}
	result := &AnalyzeResult{}
	if err := json.Unmarshal(output, result); err != nil {
		return nil, err
	}
	return result, nil
}

// Schedule answers "when and where does each task of a DAG run?" (FORMAT.md "schedule") for a
// problem given as JSON bytes, with the result's JSON bytes. It uses a shared Engine.
func Schedule(ctx context.Context, problem []byte) ([]byte, error) {
	engine, err := shared(ctx)
	if err != nil {
		return nil, err
	}
	return engine.RunJSON(ctx, "schedule", problem)
}

// Plan answers "how do we get from today's placement (units' `current`) to a better one, wave by
// wave?" (FORMAT.md "plan") for a problem given as JSON bytes, with the result's JSON bytes. It
// uses a shared Engine.
func Plan(ctx context.Context, problem []byte) ([]byte, error) {
	engine, err := shared(ctx)
	if err != nil {
		return nil, err
	}
	return engine.RunJSON(ctx, "plan", problem)
}

// PlanProblem is Plan on a typed problem, with a typed result.
func PlanProblem(ctx context.Context, problem *Problem) (*PlanResult, error) {
	input, err := json.Marshal(problem)
	if err != nil {
		return nil, &Error{Code: "E_SCHEMA", Message: fmt.Sprintf("the problem cannot be written as JSON: %v", err)}
	}
	output, err := Plan(ctx, input)
	if err != nil {
		return nil, err
	}
	result := &PlanResult{}
	if err := json.Unmarshal(output, result); err != nil {
		return nil, err
	}
	return result, nil
}

// Share answers "who gets the spare capacity?" (FORMAT.md "share": units' `elastic` ranges) for a
// problem given as JSON bytes, with the result's JSON bytes. It uses a shared Engine.
func Share(ctx context.Context, problem []byte) ([]byte, error) {
	engine, err := shared(ctx)
	if err != nil {
		return nil, err
	}
	return engine.RunJSON(ctx, "share", problem)
}

// ShareProblem is Share on a typed problem, with a typed result.
func ShareProblem(ctx context.Context, problem *Problem) (*ShareResult, error) {
	input, err := json.Marshal(problem)
	if err != nil {
		return nil, &Error{Code: "E_SCHEMA", Message: fmt.Sprintf("the problem cannot be written as JSON: %v", err)}
	}
	output, err := Share(ctx, input)
	if err != nil {
		return nil, err
	}
	result := &ShareResult{}
	if err := json.Unmarshal(output, result); err != nil {
		return nil, err
	}
	return result, nil
}

// ExplainRequest names the unit to explain and, optionally, a placement to explain instead of
// placing (unit id → node id; nil: place first, as `place` does).
type ExplainRequest struct {
	Unit        string
	Assignments map[string]string
}

func (r ExplainRequest) args() ([]byte, error) {
	request := map[string]any{"unit": r.Unit}
	if r.Assignments != nil { // an empty placement is a placement (nothing placed), not "none given"
		request["assignments"] = r.Assignments
	}
	return json.Marshal(request)
}

// Explain answers "why is this unit (not) placed, and what smallest verified change would place
// it?" (FORMAT.md "explain") for a problem given as JSON bytes, with the result's JSON bytes. It
// uses a shared Engine.
func Explain(ctx context.Context, problem []byte, request ExplainRequest) ([]byte, error) {
	engine, err := shared(ctx)
	if err != nil {
		return nil, err
	}
	args, err := request.args()
	if err != nil {
		return nil, &Error{Code: "E_SCHEMA", Message: fmt.Sprintf("the request cannot be written as JSON: %v", err)}
	}
	return engine.RunJSONArgs(ctx, "explain", problem, args)
}

// ExplainProblem is Explain on a typed problem, with a typed result.
func ExplainProblem(ctx context.Context, problem *Problem, request ExplainRequest) (*ExplainResult, error) {
	input, err := json.Marshal(problem)
	if err != nil {
		return nil, &Error{Code: "E_SCHEMA", Message: fmt.Sprintf("the problem cannot be written as JSON: %v", err)}
	}
	output, err := Explain(ctx, input, request)
	if err != nil {
		return nil, err
	}
	result := &ExplainResult{}
	if err := json.Unmarshal(output, result); err != nil {
		return nil, err
	}
	return result, nil
}
