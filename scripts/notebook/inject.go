package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"math"
	"path"
	"reflect"
	"strconv"
	"strings"

	"github.com/plmlab/plmlab/experiment"
	_ "github.com/plmlab/plmlab/experiment/all" // every experiment, by name
)

// parameter is one variable of the parameters cell.
type parameter struct {
	name     string
	typ      string // Go type as written, or inferred from the value
	value    string // the value's source
	config   reflect.Type
	pkg      string  // for a config literal: its package as written (basins)
	fields   []field // for a config literal: its key: value pairs, in order
	override bool
}

type field struct{ key, value string }

// parseParameters reads the variables declared in a parameters cell.
func parseParameters(src string) (map[string]*parameter, []string, error) {
	file := "package p\n" + src
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "parameters", file, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("the parameters cell is not Go declarations: %w", err)
	}
	text := func(n ast.Node) string { return file[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset] }
	params := map[string]*parameter{}
	var order []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			for k, id := range vs.Names {
				p := &parameter{name: id.Name}
				if vs.Type != nil {
					p.typ = text(vs.Type)
				}
				if k < len(vs.Values) {
					v := vs.Values[k]
					p.value = text(v)
					if p.typ == "" {
						p.typ = inferType(v, text)
					}
					if cl, ok := v.(*ast.CompositeLit); ok {
						if sel, ok := cl.Type.(*ast.SelectorExpr); ok {
							if e, ok := experiment.ByType(sel.Sel.Name); ok && path.Base(e.Type.PkgPath()) == text(sel.X) {
								p.config, p.pkg = e.Type, text(sel.X)
								for _, el := range cl.Elts {
									kv, ok := el.(*ast.KeyValueExpr)
									if !ok {
										return nil, nil, fmt.Errorf("%s: use keyed fields (Name: value) in the config literal", id.Name)
									}
									p.fields = append(p.fields, field{text(kv.Key), text(kv.Value)})
								}
							}
						}
					}
				}
				params[id.Name] = p
				order = append(order, id.Name)
			}
		}
	}
	return params, order, nil
}

// inferType is the type Go gives a variable declared without one.
func inferType(v ast.Expr, text func(ast.Node) string) string {
	switch x := v.(type) {
	case *ast.BasicLit:
		switch x.Kind {
		case token.INT:
			return "int"
		case token.FLOAT:
			return "float64"
		case token.STRING:
			return "string"
		}
	case *ast.Ident:
		if x.Name == "true" || x.Name == "false" {
			return "bool"
		}
	case *ast.UnaryExpr:
		return inferType(x.X, text)
	case *ast.CompositeLit:
		if x.Type != nil {
			return text(x.Type)
		}
	case *ast.CallExpr: // e.g. uint64(1)
		if id, ok := x.Fun.(*ast.Ident); ok {
			return id.Name
		}
	}
	return ""
}

var basicTypes = map[string]reflect.Type{
	"int": reflect.TypeOf(0), "uint64": reflect.TypeOf(uint64(0)), "float64": reflect.TypeOf(0.0), "string": reflect.TypeOf(""),
	"bool": reflect.TypeOf(false), "[]float64": reflect.TypeOf([]float64{}), "[]int": reflect.TypeOf([]int{}), "[]string": reflect.TypeOf([]string{}),
}

// goLiteral parses s as a value of type t and writes it as Go source.
func goLiteral(t reflect.Type, s string) (string, error) {
	v := reflect.New(t).Elem()
	if err := experiment.SetValue(v, s); err != nil {
		return "", err
	}
	return literalOf(v)
}

func literalOf(v reflect.Value) (string, error) {
	switch v.Kind() {
	case reflect.Int:
		return strconv.FormatInt(v.Int(), 10), nil
	case reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), nil
	case reflect.Float64:
		x := v.Float()
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", fmt.Errorf("%v is not a finite number", x)
		}
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), nil
	case reflect.String:
		return strconv.Quote(v.String()), nil
	case reflect.Slice:
		parts := make([]string, v.Len())
		for k := range parts {
			var err error
			if parts[k], err = literalOf(v.Index(k)); err != nil {
				return "", err
			}
		}
		return v.Type().String() + "{" + strings.Join(parts, ", ") + "}", nil
	}
	return "", fmt.Errorf("unsupported type %v", v.Type())
}

// inject applies NAME=VALUE settings to the parameters cell's variables
// and inserts the redeclarations as a cell tagged injected-parameters.
func (nb *notebook) inject(settings []string) error {
	at := nb.tagged("parameters")
	if len(at) != 1 {
		return fmt.Errorf("need exactly one cell tagged parameters, found %d", len(at))
	}
	params, order, err := parseParameters(source(nb.cells[at[0]]))
	if err != nil {
		return err
	}
	names := order
	for _, s := range settings {
		name, value, ok := strings.Cut(s, "=")
		if !ok {
			return fmt.Errorf("-p %q: want NAME=VALUE", s)
		}
		v, fieldName, dotted := strings.Cut(strings.TrimSpace(name), ".")
		p, ok := params[v]
		if !ok {
			return fmt.Errorf("-p %s: the parameters cell has no %s (it has %s)", s, v, strings.Join(names, ", "))
		}
		if p.config != nil {
			if !dotted {
				return fmt.Errorf("-p %s: %s is a %s.%s config: set one of its fields, as %s.FIELD=VALUE", s, v, p.pkg, p.config.Name(), v)
			}
			f, ok := p.config.FieldByName(fieldName)
			if !ok || !f.IsExported() {
				var fs []string
				for i := 0; i < p.config.NumField(); i++ {
					fs = append(fs, p.config.Field(i).Name)
				}
				return fmt.Errorf("-p %s: %s.%s has no field %s (fields: %s)", s, p.pkg, p.config.Name(), fieldName, strings.Join(fs, ", "))
			}
			lit, err := goLiteral(f.Type, value)
			if err != nil {
				return fmt.Errorf("-p %s: %s.%s is of type %v: %w", s, v, fieldName, f.Type, err)
			}
			p.set(fieldName, lit)
		} else {
			if dotted {
				return fmt.Errorf("-p %s: %s is not a config, it has no fields", s, v)
			}
			t, ok := basicTypes[p.typ]
			if !ok {
				return fmt.Errorf("-p %s: cannot set %s of type %q from the command line", s, v, p.typ)
			}
			lit, err := goLiteral(t, value)
			if err != nil {
				return fmt.Errorf("-p %s: %s is of type %s: %w", s, v, p.typ, err)
			}
			p.value = lit
		}
		p.override = true
	}
	var b strings.Builder
	b.WriteString("// Parameters injected by scripts/run-notebook.sh.\nvar (\n")
	for _, n := range order {
		p := params[n]
		if !p.override {
			continue
		}
		if p.config != nil {
			fmt.Fprintf(&b, "\t%s = %s.%s{", n, p.pkg, p.config.Name())
			for k, f := range p.fields {
				if k > 0 {
					b.WriteString(", ")
				}
				b.WriteString(f.key + ": " + f.value)
			}
			b.WriteString("}\n")
		} else {
			fmt.Fprintf(&b, "\t%s %s = %s\n", n, p.typ, p.value)
		}
	}
	b.WriteString(")\n")
	src, err := format.Source([]byte(b.String()))
	if err != nil {
		return fmt.Errorf("injected cell: %w", err)
	}
	// Replace an earlier injection, papermill-style.
	if old := nb.tagged("injected-parameters"); len(old) > 0 {
		nb.cells = append(nb.cells[:old[0]], nb.cells[old[0]+1:]...)
	}
	if len(settings) == 0 {
		return nil
	}
	cell := codeCell(string(bytes.TrimSpace(src))+"\n", "injected-parameters")
	nb.cells = append(nb.cells[:at[0]+1], append([]map[string]any{cell}, nb.cells[at[0]+1:]...)...)
	return nil
}

// set replaces (or adds) a field of a config literal.
func (p *parameter) set(name, value string) {
	for k := range p.fields {
		if p.fields[k].key == name {
			p.fields[k].value = value
			return
		}
	}
	p.fields = append(p.fields, field{name, value})
}
