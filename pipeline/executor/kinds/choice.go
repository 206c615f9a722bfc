package kinds

import (
	"fmt"
	"slices"
	"strings"

	"ringwave/internal/flagset"
	"ringwave/pipeline/executor"
)

// A Choice is `ringwave run`'s choice of executor: -executor, -detach and
// each kind's own flags.
type Choice struct {
	name      *string
	detach    *bool
	names     []string                                                                     // the kinds, in order
	detaching []string                                                                     // the kinds that take -detach
	owned     map[string][]string                                                          // kind -> its flags, in order
	make      map[string]func(executor.Common, map[string]bool) (executor.Executor, error) // kind -> its maker
}

// Flags defines -executor, -detach and every kind's flags on fs, after the
// flags every executor takes (-j, -force, -q).
func Flags(fs *flagset.Set) *Choice {
	c := &Choice{owned: map[string][]string{}, make: map[string]func(executor.Common, map[string]bool) (executor.Executor, error){}}
	for _, k := range All {
		c.names = append(c.names, k.Name)
		if k.Detaches {
			c.detaching = append(c.detaching, k.Name)
		}
	}
	c.name = fs.String("executor", All[0].Name, "where runs are computed: `"+strings.Join(c.names, "|")+"`")
	if len(c.detaching) > 0 {
		c.detach = fs.Bool("detach", false, strings.Join(c.detaching, ", ")+": return once the job is submitted")
	}
	for _, k := range All {
		before := len(fs.Names())
		c.make[k.Name] = k.Flags(fs)
		c.owned[k.Name] = fs.Names()[before:]
	}
	return c
}

// Executor returns the executor chosen, once the flags are parsed; set
// names the flags given. An error is a mistake on the command line: an
// unknown kind, or a flag of another kind than the one chosen.
func (c *Choice) Executor(common executor.Common, set map[string]bool) (executor.Executor, error) {
	makeExecutor, ok := c.make[*c.name]
	if !ok {
		return nil, fmt.Errorf("-executor must be %s (got %q)", orList(c.names), *c.name)
	}
	for _, kind := range c.names {
		for _, f := range c.owned[kind] {
			if set[f] && kind != *c.name {
				return nil, fmt.Errorf("-%s needs -executor %s", f, kind)
			}
		}
	}
	if c.detach != nil {
		if set["detach"] && !slices.Contains(c.detaching, *c.name) {
			return nil, fmt.Errorf("-detach needs -executor %s", orList(c.detaching))
		}
		common.Detach = *c.detach
	}
	return makeExecutor(common, set)
}

// Forms returns run's synopsis lines from fs, on which Flags defined the
// choice: the default kind with every flag but the other kinds', then each
// other kind with -executor NAME, -detach if it takes it, and its flags.
func (c *Choice) Forms(fs *flagset.Set, operands string) []string {
	foreign := map[string]bool{"executor": true, "detach": true}
	for _, flags := range c.owned {
		for _, f := range flags {
			foreign[f] = true
		}
	}
	var first []string
	for _, f := range fs.Names() {
		if !foreign[f] {
			first = append(first, fs.Form(f))
		}
	}
	forms := []string{strings.Join(append(first, operands), " ")}
	for _, k := range All[1:] {
		words := []string{fs.Form("results"), "-executor " + k.Name}
		if k.Detaches {
			words = append(words, fs.Form("detach"))
		}
		for _, f := range c.owned[k.Name] {
			words = append(words, fs.Form(f))
		}
		forms = append(forms, strings.Join(append(words, operands), " "))
	}
	return forms
}

// orList joins names as "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// Name is the kind chosen with -executor, once the flags are parsed.
func (c *Choice) Name() string { return *c.name }
