package house

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// maxComplexity is the ceiling on a function's cyclomatic complexity, in
// the project's code and its tests, with no exception. Lower it as
// functions are split; never raise it to let one through. `go test -v`
// lists the highest.
const maxComplexity = 28

// complexity is gocyclo's count: 1, plus one for each if, for, range,
// non-default case of a switch or select, && and ||. Closures count toward
// the function that holds them.
func complexity(fn ast.Node) int {
	n := 1
	ast.Inspect(fn, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt:
			n++
		case *ast.CaseClause:
			if x.List != nil {
				n++
			}
		case *ast.CommClause:
			if x.Comm != nil {
				n++
			}
		case *ast.BinaryExpr:
			if x.Op == token.LAND || x.Op == token.LOR {
				n++
			}
		}
		return true
	})
	return n
}

type fnScore struct {
	where string // file:line name
	score int
}

// scores measures every function and method of the module's Go files.
func scores(t *testing.T, root string) []fnScore {
	t.Helper()
	var out []fnScore
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			name := fd.Name.Name
			if fd.Recv != nil && len(fd.Recv.List) == 1 {
				name = recvName(fd.Recv.List[0].Type) + "." + name
			}
			rel, _ := filepath.Rel(root, fset.Position(fd.Pos()).Filename)
			rel = filepath.ToSlash(rel)
			out = append(out, fnScore{fmt.Sprintf("%s:%d %s", rel, fset.Position(fd.Pos()).Line, name), complexity(fd)})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func recvName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return recvName(x.X)
	case *ast.IndexExpr:
		return recvName(x.X)
	case *ast.IndexListExpr:
		return recvName(x.X)
	case *ast.Ident:
		return x.Name
	}
	return "?"
}

// moduleRoot is the folder of go.mod above this package.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = up
	}
}

func TestComplexityCeiling(t *testing.T) {
	all := scores(t, moduleRoot(t))
	sort.Slice(all, func(i, j int) bool { return all[i].score > all[j].score })
	if len(all) < 100 {
		t.Fatalf("measured only %d functions: the walk missed the code", len(all))
	}
	for _, s := range all {
		if s.score > maxComplexity {
			t.Errorf("%s: cyclomatic complexity %d, ceiling %d: split it along its seams", s.where, s.score, maxComplexity)
		}
	}
	if testing.Verbose() {
		for _, s := range all[:min(15, len(all))] {
			t.Logf("%3d %s", s.score, s.where)
		}
	}
}

// The measure itself: a function with known branches scores what gocyclo
// would give it, so a broken walker cannot pass every function.
func TestComplexityCounts(t *testing.T) {
	src := `package p
func f(a, b bool, xs []int, c chan int) int {
	if a && b || !a { }
	for i := 0; i < 3; i++ { }
	for range xs { }
	switch { case a: ; case b: ; default: }
	select { case <-c: ; default: }
	g := func() { if b { } }
	g()
	return 0
}`
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	// 1 + if + && + || + for + range + 2 cases + 1 comm case + closure's if
	if got := complexity(f.Decls[0]); got != 10 {
		t.Fatalf("complexity %d, want 10", got)
	}
}
