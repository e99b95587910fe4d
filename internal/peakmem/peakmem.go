// Package peakmem measures how much heap a piece of code needs at its peak,
// for the memory targets of campaignbot's benchmarks.
package peakmem

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// heapObjects is the runtime metric of live and unswept heap objects.
const heapObjects = "/memory/classes/heap/objects:bytes"

// Measure runs fn and returns the peak growth of the heap above what it
// was before, sampled every 200µs, and fn's duration.
func Measure(fn func()) (peak uint64, took time.Duration) {
	runtime.GC()
	base := sample()
	var (
		mu   sync.Mutex
		max  = base
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Go(func() {
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if v := sample(); v > max {
					mu.Lock()
					max = v
					mu.Unlock()
				}
			}
		}
	})
	start := time.Now()
	fn()
	took = time.Since(start)
	close(done)
	wg.Wait()
	if v := sample(); v > max {
		max = v
	}
	if max < base {
		return 0, took
	}
	return max - base, took
}

// sample reads the heap metric.
func sample() uint64 {
	s := []metrics.Sample{{Name: heapObjects}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
