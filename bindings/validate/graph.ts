// Directed-graph algorithms over unit indices, all iterative (no recursion, so 100k-unit chains
// do not overflow the stack): strongly connected components, topological order, longest paths.
//
// Source: Kosaraju–Sharir SCC (Sharir 1981), Kahn's topological sort (1962), longest path by
// dynamic programming over a topological order (CLRS 24.2).
// Preconditions: adjacency lists hold indices in [0, n).

export type Adjacency = number[][];

export function adjacency(count: number, edges: Iterable<[number, number]>): Adjacency {
  const lists: Adjacency = Array.from({ length: count }, () => []);
  for (const [from, to] of edges) lists[from].push(to);
  return lists;
}

function reverse(graph: Adjacency): Adjacency {
  const lists: Adjacency = graph.map(() => []);
  graph.forEach((targets, from) => {
    for (const to of targets) lists[to].push(from);
  });
  return lists;
}

/** Component id per vertex; vertices share an id exactly when they are strongly connected. */
export function stronglyConnected(graph: Adjacency): Int32Array {
  const count = graph.length;
  const visited = new Uint8Array(count);
  const finished: number[] = [];
  // Pass 1: depth-first finishing order, with an explicit stack of (vertex, next edge).
  for (let root = 0; root < count; root++) {
    if (visited[root]) continue;
    visited[root] = 1;
    const stack: [number, number][] = [[root, 0]];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const targets = graph[frame[0]];
      if (frame[1] < targets.length) {
        const next = targets[frame[1]++];
        if (!visited[next]) {
          visited[next] = 1;
          stack.push([next, 0]);
        }
      } else {
        finished.push(frame[0]);
        stack.pop();
      }
    }
  }
  // Pass 2: on the reversed graph, in reverse finishing order, each search is one component.
  const reversed = reverse(graph);
  const component = new Int32Array(count).fill(-1);
  let next = 0;
  for (let i = count - 1; i >= 0; i--) {
    const root = finished[i];
    if (component[root] >= 0) continue;
    component[root] = next;
    const stack = [root];
    while (stack.length > 0) {
      const vertex = stack.pop()!;
      for (const from of reversed[vertex]) {
        if (component[from] < 0) {
          component[from] = next;
          stack.push(from);
        }
      }
    }
    next++;
  }
  return component;
}

/** A topological order (Kahn), or null when the graph has a cycle. */
export function topologicalOrder(graph: Adjacency): number[] | null {
  const indegree = new Int32Array(graph.length);
  for (const targets of graph) for (const to of targets) indegree[to]++;
  const order: number[] = [];
  for (let vertex = 0; vertex < graph.length; vertex++) if (indegree[vertex] === 0) order.push(vertex);
  for (let head = 0; head < order.length; head++) {
    for (const to of graph[order[head]]) if (--indegree[to] === 0) order.push(to);
  }
  return order.length === graph.length ? order : null;
}

/** The largest sum of `weight` along any path of a DAG, given its topological order. */
export function longestPathLength(graph: Adjacency, order: number[], weight: (vertex: number) => number): number {
  const best = new Float64Array(graph.length);
  let longest = 0;
  for (const vertex of order) {
    best[vertex] += weight(vertex);
    longest = Math.max(longest, best[vertex]);
    for (const to of graph[vertex]) best[to] = Math.max(best[to], best[vertex]);
  }
  return longest;
}
