package berth

// The Go binding replays the conformance vectors of the operations it covers (place, analyze,
// schedule, plan, share) and the error
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

// place and schedule end their metrics with timeMs and timedOut, plan and share with timeMs alone.
var timing = regexp.MustCompile(`,"timeMs":[^,}]*(?:,"timedOut":(?:true|false))?\}\}$`)

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
	files := append(append(append(append(places, analyses...), schedules...), plans...), shares...)
	sort.Strings(files)
	compared := 0
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
		} else {
			got = timing.ReplaceAllString(string(output), "}}")
		}
		if got != v.Expected {
			t.Errorf("%s:\n got %s\nwant %s", v.Name, got, v.Expected)
		}
		compared++
	}
	if compared < 150 {
		t.Fatalf("only %d vectors compared", compared)
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

func TestUncoveredOperation(t *testing.T) {
	engine, err := NewEngine(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer engine.Close(context.Background())
	_, err = engine.RunJSON(context.Background(), "explain", []byte(`{}`))
	var berthErr *Error
	if !errors.As(err, &berthErr) || berthErr.Code != "E_UNSUPPORTED" {
		t.Fatalf("want E_UNSUPPORTED, got %v", err)
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
