package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/spf13/viper"
	"gopkg.in/yaml.v3"

	"github.com/campaignbot/campaignbot"
)

// EnvConfig names the environment variable holding the config file's path.
const EnvConfig = "CAMPAIGNBOT_CONFIG"

// DefaultPath is the config file used when neither the command line nor
// CAMPAIGNBOT_CONFIG names one and it exists in the working directory.
const DefaultPath = "campaignbot.yaml"

// Resolve finds the configuration: the file flagPath when it is not empty,
// else the file named by $CAMPAIGNBOT_CONFIG, else ./campaignbot.yaml when it
// exists, else the embedded example (path campaignbot.ExampleConfigName). A
// file named by the flag or the variable must exist.
func Resolve(flagPath string) (path string, data []byte, err error) {
	switch {
	case flagPath != "":
		return readNamed(flagPath, "named on the command line")
	case os.Getenv(EnvConfig) != "":
		return readNamed(os.Getenv(EnvConfig), "named by "+EnvConfig)
	}
	data, err = os.ReadFile(DefaultPath)
	switch {
	case err == nil:
		return DefaultPath, data, nil
	case errors.Is(err, fs.ErrNotExist):
		return campaignbot.ExampleConfigName, campaignbot.ExampleConfig, nil
	}
	return "", nil, fmt.Errorf("read config file: %w", err)
}

func readNamed(path, how string) (string, []byte, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil, fmt.Errorf("config file %s (%s) does not exist: create it from config.example.yaml or fix the path: %w", path, how, err)
	}
	if err != nil {
		return "", nil, fmt.Errorf("read config file %s (%s): %w", path, how, err)
	}
	return path, data, nil
}

// Load resolves the configuration (see Resolve) and parses it. When the
// configuration is invalid the error is Problems, listing every problem.
func Load(flagPath string) (*Config, error) {
	path, data, err := Resolve(flagPath)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse parses and validates the YAML configuration data, read from the
// file name (used in messages and to find secret files given by relative
// paths), applying CAMPAIGNBOT_<PATH> environment overrides. When the
// configuration is invalid it returns Problems, listing every problem with
// its position.
func Parse(name string, data []byte) (*Config, error) {
	r := newReporter(name)
	var doc yaml.Node
	extra, err := unmarshalNode(data, &doc)
	if err != nil {
		r.problems = append(r.problems, yamlProblem(name, data, err))
		return nil, r.problems
	}
	if extra != nil {
		r.atNode(extra, "a second YAML document starts here, but only the first is read: remove the --- line and merge the documents")
	}
	walkFile(r, &doc)
	if r.broken[""] {
		return nil, r.result()
	}

	v := viper.New()
	v.SetConfigType("yaml")
	for key, value := range defaults() {
		v.SetDefault(key, value)
	}
	if err := bindEnv(v, r); err != nil {
		return nil, err
	}
	var raw rawConfig
	if err := readViper(v, viperInput(&doc, data, r.brokenNodes), &raw); err != nil {
		if len(r.problems) == 0 {
			r.atNode(nil, "cannot read the values: %s", redactTokens(err.Error()))
		}
		return nil, r.result()
	}

	b := &builder{r: r, raw: &raw, cfg: &Config{Source: name}}
	if name != campaignbot.ExampleConfigName {
		b.baseDir = filepath.Dir(name)
	}
	b.build()
	if len(r.problems) > 0 {
		return nil, r.result()
	}
	b.cfg.Warnings = r.warnings
	return b.cfg, nil
}

// result returns the problems sorted by position: those of the file
// first, then those of environment variables by name.
func (r *reporter) result() Problems {
	r.problems.Sort()
	sort.SliceStable(r.problems, func(i, j int) bool {
		return r.problems[i].File == r.file && r.problems[j].File != r.file
	})
	return r.problems
}

// unmarshalNode parses YAML into a node tree, turning a panic of the parser
// into an error. It returns the start of a second document, if any: only
// the first one is read.
func unmarshalNode(data []byte, doc *yaml.Node) (extra *yaml.Node, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("yaml: %v", p)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil && len(next.Content) > 0 && !isNull(next.Content[0]) {
		return &next, nil
	}
	return nil, nil
}

// readViper loads data into v and decodes the settings into raw.
func readViper(v *viper.Viper, data []byte, raw *rawConfig) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		return fmt.Errorf("read yaml: %w", err)
	}
	if err := v.Unmarshal(raw, viper.DecodeHook(decodeHook)); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return nil
}

// decodeHook lets every value decode into the raw strings: timestamps the
// YAML decoder recognized become text again (the validator reads dates from
// the file's literal text anyway), and strings from the environment become
// lists by splitting at commas.
func decodeHook(from, to reflect.Type, data any) (any, error) {
	if to == rawDDayType {
		return decodeDDay(data), nil
	}
	switch d := data.(type) {
	case time.Time:
		if to.Kind() == reflect.String {
			if d.Equal(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, d.Location())) {
				return d.Format("2006-01-02"), nil
			}
			return d.Format("2006-01-02 15:04:05"), nil
		}
	case string:
		if to.Kind() == reflect.Slice {
			var items []string
			for _, item := range strings.Split(d, ",") {
				if item = strings.TrimSpace(item); item != "" {
					items = append(items, item)
				}
			}
			return items, nil
		}
	}
	return data, nil
}

// rawDDayType is the type of d_day, a mapping that may be one value.
var rawDDayType = reflect.TypeFor[rawDDay]()

// decodeDDay decodes d_day: a mapping as it is, anything else (a date,
// which the YAML decoder may have turned into a timestamp) as the Date.
func decodeDDay(data any) any {
	switch d := data.(type) {
	case nil:
		return rawDDay{}
	case map[string]any, map[any]any:
		return data
	case time.Time:
		s, _ := decodeHook(reflect.TypeOf(d), reflect.TypeFor[string](), d)
		return rawDDay{Date: fmt.Sprint(s)}
	}
	return rawDDay{Date: fmt.Sprint(data)}
}

// viperInput returns the bytes viper reads: data itself, unless the file has
// null values, duplicate keys or values of the wrong shape. A null section
// (`slack:` with every key commented out) would hide the defaults and
// environment overrides of its keys from viper, and duplicate keys and
// values of the wrong shape make decoding fail, which would leave the rest
// of the file unchecked. So these are dropped from the tree (list items are
// emptied instead, to keep the indexes of the others), which is then written
// out again. The walk has already reported every one of them.
func viperInput(doc *yaml.Node, data []byte, broken map[*yaml.Node]bool) []byte {
	if !prune(doc, broken, map[*yaml.Node]bool{}) {
		return data
	}
	out, err := yaml.Marshal(doc)
	if err != nil {
		return data
	}
	return out
}

// prune removes null values, repeated keys and broken values from every
// mapping below n, empties broken list items, and reports whether it
// changed anything.
func prune(n *yaml.Node, broken, seen map[*yaml.Node]bool) bool {
	if n == nil || seen[n] || n.Kind == yaml.AliasNode {
		return false
	}
	seen[n] = true
	changed := false
	switch n.Kind {
	case yaml.MappingNode:
		keys := map[string]bool{}
		kept := make([]*yaml.Node, 0, len(n.Content))
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			dup := k.Kind == yaml.ScalarNode && k.Tag != "!!merge" && keys[k.Value]
			if dup || broken[v] || broken[resolveAlias(v)] || (v.Kind == yaml.ScalarNode && v.Tag == "!!null") {
				changed = true
				continue
			}
			if k.Kind == yaml.ScalarNode {
				keys[k.Value] = true
			}
			kept = append(kept, k, v)
		}
		if changed {
			n.Content = kept
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if broken[c] || broken[resolveAlias(c)] {
				n.Content[i] = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
				changed = true
			}
		}
	}
	for _, c := range n.Content {
		if prune(c, broken, seen) {
			changed = true
		}
	}
	return changed
}
