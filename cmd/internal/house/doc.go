// Package house holds the tests that keep the project's shape: which
// package may import what (layering_test.go) and how complex a function
// may grow (complexity_test.go). It has no code of its own; `make test`
// runs it with every other package.
package house
