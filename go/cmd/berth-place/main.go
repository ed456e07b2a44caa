// berth-place FILE: places the problem in FILE and prints the result like the Node CLI's JSON
// output (two-space indentation); bad input prints {"error": …} on stderr and exits 2.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	berth "github.com/berth-engine/berth/go"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: berth-place FILE")
		os.Exit(64)
	}
	problem, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	result, err := berth.Place(context.Background(), problem)
	var berthErr *berth.Error
	if errors.As(err, &berthErr) {
		text, _ := json.MarshalIndent(map[string]any{"error": berthErr}, "", "  ")
		fmt.Fprintln(os.Stderr, string(text))
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var pretty bytes.Buffer
	json.Indent(&pretty, result, "", "  ")
	fmt.Println(pretty.String())
}
