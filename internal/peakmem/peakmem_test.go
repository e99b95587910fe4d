package peakmem_test

import (
	"testing"

	"github.com/campaignbot/campaignbot/internal/peakmem"
)

var sink [][]byte

func TestMeasureSeesAnAllocation(t *testing.T) {
	peak, _ := peakmem.Measure(func() {
		for range 64 {
			sink = append(sink, make([]byte, 1<<20))
		}
	})
	sink = nil
	if peak < 60<<20 || peak > 256<<20 {
		t.Fatalf("peak %d MiB for 64 MiB held", peak>>20)
	}
}
