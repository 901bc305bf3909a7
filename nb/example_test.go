package nb_test

import (
	"fmt"

	"github.com/plmlab/plmlab/nb"
)

// Controls offer fixed lists of values, so that every position is a
// config the cache can hold.
func ExampleLogSlider() {
	lambda := nb.LogSlider("Lambdas", 0.1, 10, 1.5).WithLabel("λ")
	fmt.Println(lambda.Label, lambda.Values, "start:", lambda.Values[lambda.Start])
	alpha := nb.Slider("Alpha", 0.05, 0.3, 0.05, 0.14)
	fmt.Println(alpha.Values, "start:", alpha.Values[alpha.Start])
	// Output:
	// λ [0.1 0.125 0.16 0.2 0.25 0.315 0.4 0.5 0.63 0.8 1 1.25 1.6 2 2.5 3.15 4 5 6.3 8 10] start: 1.6
	// [0.05 0.1 0.15 0.2 0.25 0.3] start: 0.15
}
