// A kube-scheduler extender client built with the scheduler's own protocol types
// (k8s.io/kube-scheduler/extender/v1) and core/v1 pods: it sends `berth serve` what kube-scheduler
// sends an extender — filter, prioritize, preempt and bind for a pod of the fixture cluster — and
// decodes each reply into those types, printing a JSON summary that test/kubernetes-serve.test.mjs
// checks. Usage: extender-client URL PODS.json
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	extenderv1 "k8s.io/kube-scheduler/extender/v1"
)

func post(url string, in any, out any) int {
	body, err := json.Marshal(in)
	if err != nil {
		panic(err)
	}
	response, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		fmt.Fprintln(os.Stderr, "request failed:", err)
		os.Exit(1)
	}
	defer response.Body.Close()
	data, _ := io.ReadAll(response.Body)
	if err := json.Unmarshal(data, out); err != nil {
		fmt.Fprintf(os.Stderr, "cannot decode %s: %v\n%s\n", url, err, data)
		os.Exit(1)
	}
	return response.StatusCode
}

func main() {
	base, podsFile := os.Args[1], os.Args[2]
	data, err := os.ReadFile(podsFile)
	if err != nil {
		panic(err)
	}
	var pods v1.PodList
	if err := json.Unmarshal(data, &pods); err != nil {
		panic(err)
	}
	find := func(name string) *v1.Pod {
		for i := range pods.Items {
			if pods.Items[i].Name == name {
				return &pods.Items[i]
			}
		}
		panic("no pod " + name)
	}
	names := []string{"n1", "n2", "n3", "n4", "n5", "cp1"}
	summary := map[string]any{}

	web := find("web-1")
	var filtered extenderv1.ExtenderFilterResult
	summary["filterStatus"] = post(base+"/scheduler/filter", extenderv1.ExtenderArgs{Pod: web, NodeNames: &names}, &filtered)
	summary["filterNodes"] = filtered.NodeNames
	summary["filterFailed"] = filtered.FailedNodes

	var priorities extenderv1.HostPriorityList
	summary["prioritizeStatus"] = post(base+"/scheduler/prioritize", extenderv1.ExtenderArgs{Pod: web, NodeNames: &names}, &priorities)
	summary["priorities"] = priorities

	// A high-priority pod that fits nowhere unless lower-priority pods on n2 make room.
	big := find("api-1").DeepCopy()
	big.Name, big.UID = "urgent-0", "uid-shop-urgent-0"
	big.Spec.TopologySpreadConstraints = nil
	prio := int32(1000000)
	big.Spec.Priority = &prio
	big.Spec.Containers[0].Resources.Requests = v1.ResourceList{}
	for k, q := range find("db-0").Spec.Containers[0].Resources.Requests {
		big.Spec.Containers[0].Resources.Requests[k] = q
	}
	big.Spec.Containers[0].Resources.Requests[v1.ResourceCPU] = *resourceQuantity("3500m")
	victims := map[string]*extenderv1.MetaVictims{
		"n2": {Pods: []*extenderv1.MetaPod{{UID: string(find("api-0").UID)}, {UID: string(find("node-agent-x7k2p").UID)}}},
	}
	var preempted extenderv1.ExtenderPreemptionResult
	summary["preemptStatus"] = post(base+"/scheduler/preempt", extenderv1.ExtenderPreemptionArgs{Pod: big, NodeNameToMetaVictims: victims}, &preempted)
	kept := map[string][]string{}
	for node, v := range preempted.NodeNameToMetaVictims {
		for _, p := range v.Pods {
			kept[node] = append(kept[node], p.UID)
		}
	}
	summary["preemptVictims"] = kept

	var bound extenderv1.ExtenderBindingResult
	summary["bindStatus"] = post(base+"/scheduler/bind", extenderv1.ExtenderBindingArgs{PodName: web.Name, PodNamespace: web.Namespace, PodUID: web.UID, Node: "n2"}, &bound)
	summary["bindError"] = bound.Error

	// After the bind, web-2 (anti-affinity with web-0 on n1 and now web-1 on n2) fits nowhere.
	var after extenderv1.ExtenderFilterResult
	post(base+"/scheduler/filter", extenderv1.ExtenderArgs{Pod: find("web-2"), NodeNames: &names}, &after)
	summary["afterBindNodes"] = after.NodeNames

	out, _ := json.Marshal(summary)
	fmt.Println(string(out))
}

func resourceQuantity(text string) *resource.Quantity {
	q := resource.MustParse(text)
	return &q
}
