module github.com/plmlab/plmlab

go 1.26.8

require (
	gonum.org/v1/gonum v0.16.0
	gonum.org/v1/netlib v0.0.0-20230729102104-8b8060e7531f
)

require golang.org/x/exp v0.0.0-20241009180824-f66d83c29e7c // indirect
