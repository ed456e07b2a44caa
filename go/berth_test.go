package berth

// The Go binding replays the conformance vectors of the operations it covers (place, analyze,
// schedule, plan, share, explain — asking about the unit test/vectors/run-vector.mjs asks about)
// and the error
// catalogue byte for byte, as test/contract.test.mjs and python/tests do. Vectors whose problem
// holds NaN/±Infinity ({"$number": …}) exist for JavaScript callers only; the JSON entry must
// answer every vector of a covered operation (notCovered stays empty).

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"
)

// place and schedule end their metrics with timeMs and timedOut, plan and share with timeMs alone;
// explain's metrics are {timeMs, placeCalls}.
var timing = regexp.MustCompile(`,"timeMs":[^,}]*(?:,"timedOut":(?:true|false))?\}\}$`)
var explainTiming = regexp.MustCompile(`,"metrics":\{"timeMs":[^,}]*,`)

// explainTarget is run-vector.mjs's: the first unit place leaves out, else the last unit; the
// first unit when place refuses the problem.
func explainTarget(ctx context.Context, problem []byte) string {
	var given struct {
		Units []struct {
			ID string `json:"id"`
		} `json:"units"`
	}
	_ = json.Unmarshal(problem, &given)
	ids := []string{}
	for _, unit := range given.Units {
		ids = append(ids, unit.ID)
	}
	output, err := Place(ctx, problem)
	if err != nil {
		if len(ids) > 0 {
			return ids[0]
		}
		return ""
	}
	var placed PlaceResult
	if err := json.Unmarshal(output, &placed); err == nil && len(placed.Unplaced) > 0 {
		return placed.Unplaced[0].Unit
	}
	if len(ids) > 0 {
		return ids[len(ids)-1]
	}
	return ""
}

// Vectors of covered operations the JSON entry may refuse with E_UNSUPPORTED: none.
var notCovered = map[string]bool{}

type vector struct {
	Name      string          `json:"name"`
	Operation string          `json:"operation"`
	Problem   json.RawMessage `json:"problem"`
	Expected  string          `json:"expected"`
}

func canonicalError(err error) string {
	var berthErr *Error
	if !errors.As(err, &berthErr) {
		return "THROWN " + err.Error()
	}
	type body struct {
		Code  string   `json:"code"`
		Path  string   `json:"path"`
		Cycle []string `json:"cycle,omitempty"`
	}
	text, _ := json.Marshal(struct {
		Error body `json:"error"`
	}{body{berthErr.Code, berthErr.Path, berthErr.Cycle}})
	return string(text)
}

func TestVectors(t *testing.T) {
	ctx := context.Background()
	places, _ := filepath.Glob("../test/vectors/generated/*.place.json")
	analyses, _ := filepath.Glob("../test/vectors/generated/*.analyze.json")
	schedules, _ := filepath.Glob("../test/vectors/generated/*.schedule.json")
	plans, _ := filepath.Glob("../test/vectors/generated/*.plan.json")
	shares, _ := filepath.Glob("../test/vectors/generated/*.share.json")
	explains, _ := filepath.Glob("../test/vectors/generated/*.explain.json")
	files := append(append(append(append(append(places, analyses...), schedules...), plans...), shares...), explains...)
	sort.Strings(files)
	compared := 0
	explained := 0
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var v vector
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(v.Problem, []byte(`"$number"`)) {
			continue
		}
		run := map[string]func(context.Context, []byte) ([]byte, error){
			"place": Place, "analyze": Analyze, "schedule": Schedule, "plan": Plan, "share": Share,
			"explain": func(ctx context.Context, problem []byte) ([]byte, error) {
				unit := explainTarget(ctx, problem)
				if unit == "" { // no unit to ask about: run-vector.mjs's request is {} (E_SCHEMA at unit)
					engine, err := shared(ctx)
					if err != nil {
						return nil, err
					}
					return engine.RunJSONArgs(ctx, "explain", problem, []byte(`{}`))
				}
				return Explain(ctx, problem, ExplainRequest{Unit: unit})
			},
		}[v.Operation]
		output, err := run(ctx, v.Problem)
		if notCovered[v.Name] {
			var berthErr *Error
			if !errors.As(err, &berthErr) || berthErr.Code != "E_UNSUPPORTED" {
				t.Errorf("%s: want E_UNSUPPORTED, got %v", v.Name, err)
			}
			continue
		}
		got := ""
		if err != nil {
			got = canonicalError(err)
		} else if v.Operation == "explain" {
			got = explainTiming.ReplaceAllString(string(output), `,"metrics":{`)
		} else {
			got = timing.ReplaceAllString(string(output), "}}")
		}
		if got != v.Expected {
			t.Errorf("%s:\n got %s\nwant %s", v.Name, got, v.Expected)
		}
		compared++
		if v.Operation == "explain" {
			explained++
		}
	}
	if compared < 150 {
		t.Fatalf("only %d vectors compared", compared)
	}
	if explained != 31 { // 33 explain vectors, 2 of them with NaN/Infinity
		t.Fatalf("%d explain vectors compared, want 31", explained)
	}
}

func TestErrorCatalogue(t *testing.T) {
	raw, err := os.ReadFile("../test/vectors/contract-errors.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct{ Problem, Code, Path, Message string }
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		_, err := Place(context.Background(), []byte(c.Problem))
		var berthErr *Error
		if !errors.As(err, &berthErr) {
			t.Fatalf("%s: want an *Error, got %v", c.Problem, err)
		}
		if berthErr.Code != c.Code || berthErr.Path != c.Path || berthErr.Message != c.Message {
			t.Errorf("%s:\n got %s %s %q\nwant %s %s %q", c.Problem, berthErr.Code, berthErr.Path, berthErr.Message, c.Code, c.Path, c.Message)
		}
	}
}

func TestTypedPlace(t *testing.T) {
	result, err := PlaceProblem(context.Background(), &Problem{
		Resources: []string{"cpu"},
		Nodes:     []Node{{ID: "n1", Capacity: map[string]float64{"cpu": 4}}},
		Units:     []Unit{{ID: "u1", Demand: map[string]float64{"cpu": 1}}, {ID: "u2", Demand: map[string]float64{"cpu": 9}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if result.Assignments["u1"] != "n1" || len(result.Unplaced) != 1 || result.Unplaced[0].Reasons[0].Code != "INSUFFICIENT" {
		t.Fatalf("unexpected result %+v", result)
	}
}

func TestCancelledContextAndRecovery(t *testing.T) {
	engine, err := NewInterruptibleEngine(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer engine.Close(context.Background())
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := engine.RunJSON(cancelled, "place", []byte(`{}`)); !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	output, err := engine.RunJSON(context.Background(), "place", []byte(`{"resources":[],"nodes":[],"units":[]}`))
	if err != nil || !bytes.HasPrefix(output, []byte(`{"status":"optimal"`)) {
		t.Fatalf("engine unusable after a cancelled call: %s %v", output, err)
	}
}

func TestUnknownOperation(t *testing.T) {
	engine, err := NewEngine(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer engine.Close(context.Background())
	_, err = engine.RunJSON(context.Background(), "normalize", []byte(`{}`))
	var berthErr *Error
	if !errors.As(err, &berthErr) || berthErr.Code != "E_UNSUPPORTED" {
		t.Fatalf("want E_UNSUPPORTED, got %v", err)
	}
}

func TestTypedExplain(t *testing.T) {
	ctx := context.Background()
	raw, err := os.ReadFile("../examples/why-not.json")
	if err != nil {
		t.Fatal(err)
	}
	problem := &Problem{}
	if err := json.Unmarshal(raw, problem); err != nil {
		t.Fatal(err)
	}
	result, err := ExplainProblem(ctx, problem, ExplainRequest{Unit: "video-transcoder"})
	if err != nil {
		t.Fatal(err)
	}
	if result.Placed != nil || len(result.Fixes) != 1 || result.Fixes[0].Kind != "resize" || result.Fixes[0].Node != "small-3" ||
		result.Fixes[0].Capacity != 48 || result.Metrics.PlaceCalls != 2 || len(result.Nodes) != 3 {
		t.Fatalf("unexpected explain %+v", result)
	}
	// A placement given is explained as it is (no placement spent); an empty one places nothing.
	given, err := ExplainProblem(ctx, problem, ExplainRequest{Unit: "web-1", Assignments: map[string]string{"web-1": "small-3"}})
	if err != nil || given.Placed == nil || *given.Placed != "small-3" || given.Metrics.PlaceCalls != 0 {
		t.Fatalf("unexpected explain of a given placement %+v %v", given, err)
	}
	empty, err := ExplainProblem(ctx, problem, ExplainRequest{Unit: "web-1", Assignments: map[string]string{}})
	if err != nil || empty.Placed != nil || len(empty.Assignments) != 0 {
		t.Fatalf("unexpected explain of an empty placement %+v %v", empty, err)
	}
	for _, c := range []struct {
		request    ExplainRequest
		code, path string
	}{
		{ExplainRequest{Unit: "nope"}, "E_UNKNOWN_REF", "unit"},
		{ExplainRequest{Unit: "web-1", Assignments: map[string]string{"nope": "small-1"}}, "E_UNKNOWN_REF", `assignments["nope"]`},
		{ExplainRequest{Unit: "web-1", Assignments: map[string]string{"web-1": "nope"}}, "E_UNKNOWN_REF", `assignments["web-1"]`},
	} {
		_, err := Explain(ctx, raw, c.request)
		var berthErr *Error
		if !errors.As(err, &berthErr) || berthErr.Code != c.code || berthErr.Path != c.path {
			t.Errorf("%+v: want %s at %s, got %v", c.request, c.code, c.path, err)
		}
	}
}

func TestTypedPlanAndShare(t *testing.T) {
	weight := 2.0
	problem := &Problem{
		Resources: []string{"cpu"},
		Nodes:     []Node{{ID: "n1", Capacity: map[string]float64{"cpu": 4}}, {ID: "n2", Capacity: map[string]float64{"cpu": 4}}},
		Units: []Unit{
			{ID: "old", Demand: map[string]float64{"cpu": 1}, Current: "n2", Elastic: map[string]ElasticRange{"cpu": {Max: 3, Weight: &weight}}},
			{ID: "new", Demand: map[string]float64{"cpu": 1}},
		},
	}
	plan, err := PlanProblem(context.Background(), problem)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Target["old"] == "" || plan.Target["new"] == "" || plan.Shares == nil {
		t.Fatalf("unexpected plan %+v", plan)
	}
	arrived := false
	for _, move := range plan.Moves {
		if move.Unit == "new" && move.From == nil && move.Wave >= 1 {
			arrived = true
		}
	}
	if !arrived {
		t.Fatalf("the new unit does not arrive with from null: %+v", plan.Moves)
	}
	share, err := ShareProblem(context.Background(), problem)
	if err != nil {
		t.Fatal(err)
	}
	if share.Assignments["old"] != "n2" || share.Shares["old"]["cpu"] != 2 || len(share.Shares["new"]) != 0 || share.Metrics.UnitsPlaced != 2 {
		t.Fatalf("unexpected share %+v", share)
	}
}
