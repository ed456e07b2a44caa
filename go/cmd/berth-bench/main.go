// berth-bench: times the Go binding for bench/contract.mjs. Prints one JSON line:
// {"cold": ms for engine load + place of the first file, "runs": {file: {op: [ms, …]}}}.
// Usage: berth-bench REPEATS COLD_FILE FILE…
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"

	berth "github.com/berth-engine/berth/go"
)

func ms(since time.Time) float64 { return float64(time.Since(since).Microseconds()) / 1000 }

func main() {
	ctx := context.Background()
	repeats, _ := strconv.Atoi(os.Args[1])
	began := time.Now()
	cold, _ := os.ReadFile(os.Args[2])
	if _, err := berth.Place(ctx, cold); err != nil {
		panic(err)
	}
	report := map[string]any{"cold": ms(began)}
	runs := map[string]map[string][]float64{}
	for _, file := range os.Args[3:] {
		runs[file] = map[string][]float64{}
		for _, op := range []string{"place", "analyze"} {
			for r := 0; r < repeats; r++ {
				start := time.Now()
				problem, _ := os.ReadFile(file)
				run := berth.Place
				if op == "analyze" {
					run = berth.Analyze
				}
				if _, err := run(ctx, problem); err != nil {
					panic(err)
				}
				runs[file][op] = append(runs[file][op], ms(start))
			}
		}
	}
	report["runs"] = runs
	text, _ := json.Marshal(report)
	fmt.Println(string(text))
}
