package berth

// Typed structs for the common shapes of FORMAT.md. Optional fields are pointers or omitempty, so
// an unset field is absent from the JSON (never a zero the engine would read as a value).

type Taint struct {
	Key    string `json:"key"`
	Value  string `json:"value,omitempty"`
	Effect string `json:"effect,omitempty"` // NoSchedule (default), NoExecute, PreferNoSchedule
}

type Toleration struct {
	Key      string `json:"key,omitempty"`
	Operator string `json:"operator,omitempty"` // Equal (default) or Exists
	Value    string `json:"value,omitempty"`
}

type Node struct {
	ID       string             `json:"id"`
	Capacity map[string]float64 `json:"capacity"`
	Labels   map[string]string  `json:"labels,omitempty"`
	Taints   []Taint            `json:"taints,omitempty"`
	Cost     *float64           `json:"cost,omitempty"`
	Speed    *float64           `json:"speed,omitempty"`
	Slots    *int32             `json:"slots,omitempty"`
}

type Hold struct {
	Kind        string   `json:"kind"` // memory, file, socket, device
	ID          string   `json:"id"`
	Bytes       *float64 `json:"bytes,omitempty"`
	Relocatable bool     `json:"relocatable"`
	Move        string   `json:"move,omitempty"` // free, copy, address, never
}

// ElasticRange is how far a unit can use more of a resource (`share`, and `plan`'s shares).
type ElasticRange struct {
	Max    float64  `json:"max"`
	Weight *float64 `json:"weight,omitempty"` // default 1
}

type Unit struct {
	ID           string                  `json:"id"`
	Demand       map[string]float64      `json:"demand"`
	Labels       map[string]string       `json:"labels,omitempty"`
	Priority     *int32                  `json:"priority,omitempty"`
	Pin          string                  `json:"pin,omitempty"`
	NodeSelector map[string]string       `json:"nodeSelector,omitempty"`
	Tolerations  []Toleration            `json:"tolerations,omitempty"`
	Current      string                  `json:"current,omitempty"`
	MoveCost     *float64                `json:"moveCost,omitempty"`
	Work         *float64                `json:"work,omitempty"`
	Cost         map[string]float64      `json:"cost,omitempty"`
	Holds        []Hold                  `json:"holds,omitempty"`
	Elastic      map[string]ElasticRange `json:"elastic,omitempty"`
}

type Edge struct {
	From   string   `json:"from"`
	To     string   `json:"to"`
	Kind   string   `json:"kind"` // coupled, traffic, after
	Volume *float64 `json:"volume,omitempty"`
}

type Topology struct {
	Levels   []string  `json:"levels"`
	Distance []float64 `json:"distance"`
}

type Options struct {
	Seed          *int64   `json:"seed,omitempty"`
	TimeLimitMs   *float64 `json:"timeLimitMs,omitempty"`
	Goal          string   `json:"goal,omitempty"` // pack (default) or balance
	TrafficWeight *float64 `json:"trafficWeight,omitempty"`
	Downtime      string   `json:"downtime,omitempty"` // forbid (default) or allow
	HeadroomWorth *float64 `json:"headroomWorth,omitempty"`
}

type Problem struct {
	Resources []string  `json:"resources"`
	Nodes     []Node    `json:"nodes"`
	Units     []Unit    `json:"units"`
	Edges     []Edge    `json:"edges,omitempty"`
	Topology  *Topology `json:"topology,omitempty"`
	Options   *Options  `json:"options,omitempty"`
}

type Reason struct {
	Code     string   `json:"code"`
	Nodes    int      `json:"nodes"`
	Resource string   `json:"resource,omitempty"`
	ShortBy  *float64 `json:"shortBy,omitempty"`
	Group    string   `json:"group,omitempty"`
	Unit     string   `json:"unit,omitempty"` // explain, PIN: the coupled unit that pins
	Hold     string   `json:"hold,omitempty"` // explain, PIN: the hold that pins
}

type Unplaced struct {
	Unit    string   `json:"unit"`
	Reasons []Reason `json:"reasons"`
}

type PlaceMetrics struct {
	UnitsPlaced     int      `json:"unitsPlaced"`
	NodesUsed       int      `json:"nodesUsed"`
	NodeCost        float64  `json:"nodeCost"`
	TrafficCost     float64  `json:"trafficCost"`
	LowerBound      float64  `json:"lowerBound"`
	PeakUtilization *float64 `json:"peakUtilization,omitempty"`
	TimeMs          float64  `json:"timeMs"`
	TimedOut        bool     `json:"timedOut"`
}

type PlaceResult struct {
	Status      string            `json:"status"` // complete, optimal, partial
	Assignments map[string]string `json:"assignments"`
	Unplaced    []Unplaced        `json:"unplaced"`
	Metrics     PlaceMetrics      `json:"metrics"`
}

type CriticalPath struct {
	Length float64  `json:"length"`
	Units  []string `json:"units"`
}

type Parallelism struct {
	Max     int     `json:"max"`
	Average float64 `json:"average"`
}

type HoldRef struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

type MobilityReason struct {
	Pin         string    `json:"pin,omitempty"`
	Holds       []HoldRef `json:"holds,omitempty"`
	CoupledWith []string  `json:"coupledWith,omitempty"`
	Together    []string  `json:"together,omitempty"`
	PinnedBy    string    `json:"pinnedBy,omitempty"` // pinned only through its coupled group: the member that pins it
}

// IndependentGroup: units that can be spread across nodes independently of every other group.
type IndependentGroup struct {
	Units []string `json:"units"`
	Ties  struct {
		Coupled  int     `json:"coupled"`
		Together int     `json:"together"`
		Traffic  int     `json:"traffic"`
		Volume   float64 `json:"volume"`
	} `json:"ties"`
}

type AnalyzeResult struct {
	Components      [][]string                `json:"components"`
	CoupledGroups   [][]string                `json:"coupledGroups"`
	Independent     []IndependentGroup        `json:"independent"`
	Order           []string                  `json:"order"` // nil when `after` has a cycle
	Cycle           []string                  `json:"cycle"` // nil when acyclic
	CriticalPath    CriticalPath              `json:"criticalPath"`
	Parallelism     Parallelism               `json:"parallelism"`
	Mobility        map[string]string         `json:"mobility"` // free, group, pinned
	MobilityReasons map[string]MobilityReason `json:"mobilityReasons"`
}

// PlanMove is one move of a plan; From is nil for a new unit (it arrives in that wave).
type PlanMove struct {
	Unit string  `json:"unit"`
	From *string `json:"from"`
	To   string  `json:"to"`
	Wave int     `json:"wave"`
}

type PlanMetrics struct {
	Moves          int     `json:"moves"`
	MoveCost       float64 `json:"moveCost"`
	NodeCostBefore float64 `json:"nodeCostBefore"`
	NodeCostAfter  float64 `json:"nodeCostAfter"`
	Waves          int     `json:"waves"`
	Stayed         int     `json:"stayed"`
	Blocked        int     `json:"blocked"`
	TimeMs         float64 `json:"timeMs"`
}

type PlanResult struct {
	Target   map[string]string `json:"target"`
	Moves    []PlanMove        `json:"moves"`
	Unplaced []Unplaced        `json:"unplaced"`
	// Shares is present only when some unit is elastic: `share` on the plan's placement.
	Shares  map[string]map[string]float64 `json:"shares,omitempty"`
	Metrics PlanMetrics                   `json:"metrics"`
}

type ShareMetrics struct {
	UnitsPlaced int     `json:"unitsPlaced"`
	Elastic     int     `json:"elastic"`
	Capped      int     `json:"capped"`
	Leftover    float64 `json:"leftover"`
	Shared      float64 `json:"shared"`
	TimeMs      float64 `json:"timeMs"`
}

type ShareResult struct {
	Shares      map[string]map[string]float64 `json:"shares"`
	Assignments map[string]string             `json:"assignments"`
	Unplaced    []Unplaced                    `json:"unplaced"`
	Metrics     ShareMetrics                  `json:"metrics"`
}

// ExplainNode is one node's verdict for the explained unit: Reasons is empty when it fits.
type ExplainNode struct {
	Node    string   `json:"node"`
	Fits    bool     `json:"fits"`
	Reasons []Reason `json:"reasons"`
}

// ResizeChange is one resource of a resizeNode fix.
type ResizeChange struct {
	Resource string  `json:"resource"`
	By       float64 `json:"by"`
	Capacity float64 `json:"capacity"`
}

// FixMove is one unit a move fix sends elsewhere.
type FixMove struct {
	Unit string `json:"unit"`
	To   string `json:"to"`
}

// ExplainFix is one verified fix; Kind (downtime, resize, move, evict, priority, resizeNode,
// addNode, relax) says which fields it has (docs/explain.md, "Fixes").
type ExplainFix struct {
	Kind     string         `json:"kind"`
	Node     string         `json:"node,omitempty"`     // resize, move, evict, resizeNode, addNode (the new node)
	Resource string         `json:"resource,omitempty"` // resize
	By       float64        `json:"by,omitempty"`       // resize
	Capacity float64        `json:"capacity,omitempty"` // resize
	Changes  []ResizeChange `json:"changes,omitempty"`  // resizeNode
	Moves    []FixMove      `json:"moves,omitempty"`    // move
	Units    []string       `json:"units,omitempty"`    // evict, priority, downtime
	Priority float64        `json:"priority,omitempty"` // evict (their total), priority (the new level)
	Holds    []string       `json:"holds,omitempty"`    // downtime
	Like     string         `json:"like,omitempty"`     // addNode
	Group    string         `json:"group,omitempty"`    // relax
	Policy   string         `json:"policy,omitempty"`   // relax
}

type ExplainMetrics struct {
	TimeMs     float64 `json:"timeMs"`
	PlaceCalls int     `json:"placeCalls"`
}

type ExplainResult struct {
	Unit        string            `json:"unit"`
	Placed      *string           `json:"placed"` // nil when the unit stays unplaced
	Assignments map[string]string `json:"assignments"`
	Nodes       []ExplainNode     `json:"nodes"`
	Summary     []Reason          `json:"summary"`
	Fixes       []ExplainFix      `json:"fixes"`
	Metrics     ExplainMetrics    `json:"metrics"`
}
