package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/plmlab/plmlab/internal/userfile"
)

// notebook is an .ipynb file; cells keep every field they had, so that a
// rewritten notebook differs only where it was changed.
type notebook struct {
	raw   map[string]json.RawMessage
	cells []map[string]any
}

func readNotebook(path string) (*notebook, error) {
	data, err := userfile.Read(path, maxNotebookBytes)
	if err != nil {
		return nil, err
	}
	nb := &notebook{}
	if err := json.Unmarshal(data, &nb.raw); err != nil {
		return nil, fmt.Errorf("%s is not a notebook: %w", path, err)
	}
	if err := json.Unmarshal(nb.raw["cells"], &nb.cells); err != nil {
		return nil, fmt.Errorf("%s: cells: %w", path, err)
	}
	return nb, nil
}

func (nb *notebook) write(path string) error {
	cells, err := json.Marshal(nb.cells)
	if err != nil {
		return err
	}
	nb.raw["cells"] = cells
	data, err := json.MarshalIndent(nb.raw, "", " ")
	if err != nil {
		return err
	}
	return userfile.WriteFile(path, append(data, '\n'))
}

func source(c map[string]any) string {
	switch s := c["source"].(type) {
	case string:
		return s
	case []any:
		var b strings.Builder
		for _, l := range s {
			b.WriteString(fmt.Sprint(l))
		}
		return b.String()
	}
	return ""
}

func tags(c map[string]any) []string {
	md, _ := c["metadata"].(map[string]any)
	ts, _ := md["tags"].([]any)
	var out []string
	for _, t := range ts {
		out = append(out, fmt.Sprint(t))
	}
	return out
}

func isCode(c map[string]any) bool { return c["cell_type"] == "code" }

// tagged returns the indices of the code cells with the tag.
func (nb *notebook) tagged(tag string) []int {
	var out []int
	for k, c := range nb.cells {
		if isCode(c) && slices.Contains(tags(c), tag) {
			out = append(out, k)
		}
	}
	return out
}

func codeCell(src string, tag string) map[string]any {
	lines := strings.SplitAfter(src, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return map[string]any{"cell_type": "code", "execution_count": nil, "id": "injected-parameters",
		"metadata": map[string]any{"tags": []string{tag}}, "outputs": []any{}, "source": lines}
}

// maxNotebookBytes bounds a notebook or figure file that is read: 256 MiB.
const maxNotebookBytes = 256 << 20
