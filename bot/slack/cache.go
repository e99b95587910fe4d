package slack

import (
	"sync"
	"time"
)

// cache keeps values for a while; Slack's directory changes rarely.
type cache[V any] struct {
	now func() time.Time
	ttl time.Duration

	mu      sync.Mutex
	entries map[string]cacheEntry[V]
}

type cacheEntry[V any] struct {
	v       V
	expires time.Time
}

func newCache[V any](now func() time.Time, ttl time.Duration) *cache[V] {
	return &cache[V]{now: now, ttl: ttl, entries: map[string]cacheEntry[V]{}}
}

// get returns the value of key unless it expired.
func (c *cache[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || !c.now().Before(e.expires) {
		var zero V
		return zero, false
	}
	return e.v, true
}

// put stores v under key until the ttl passes.
func (c *cache[V]) put(key string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) > 10000 {
		now := c.now()
		for k, e := range c.entries {
			if !now.Before(e.expires) {
				delete(c.entries, k)
			}
		}
	}
	c.entries[key] = cacheEntry[V]{v: v, expires: c.now().Add(c.ttl)}
}

// each calls fn with every value not expired.
func (c *cache[V]) each(fn func(V) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	for _, e := range c.entries {
		if now.Before(e.expires) && !fn(e.v) {
			return
		}
	}
}

// drop forgets key.
func (c *cache[V]) drop(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, key)
}
