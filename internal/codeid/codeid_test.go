package codeid

import (
	"testing"
	"testing/fstest"
)

func TestHashSourcesFollowsCodeNotTests(t *testing.T) {
	base := fstest.MapFS{
		"a.go":       {Data: []byte("package a\n")},
		"a_amd64.s":  {Data: []byte("TEXT ·f(SB)\n")},
		"a_amd64.h":  {Data: []byte("#define X 1\n")},
		"a_test.go":  {Data: []byte("package a\n")},
		"README.txt": {Data: []byte("words\n")},
	}
	want := HashSources(base)
	edit := func(name, data string) fstest.MapFS {
		m := fstest.MapFS{}
		for k, v := range base {
			m[k] = v
		}
		m[name] = &fstest.MapFile{Data: []byte(data)}
		return m
	}
	for _, name := range []string{"a.go", "a_amd64.s", "a_amd64.h", "b.go"} {
		if HashSources(edit(name, "changed\n")) == want {
			t.Errorf("editing %s kept the hash", name)
		}
	}
	for _, name := range []string{"a_test.go", "README.txt"} {
		if HashSources(edit(name, "changed\n")) != want {
			t.Errorf("editing %s changed the hash", name)
		}
	}
}
