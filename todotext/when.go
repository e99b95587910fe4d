package todotext

import (
	"fmt"
	"strings"
	"time"

	"github.com/olebedev/when"
	"github.com/olebedev/when/rules"
	"github.com/olebedev/when/rules/common"
	"github.com/olebedev/when/rules/en"
	"github.com/olebedev/when/rules/zh"
)

// The fallback parsers. when.Parser is safe for concurrent Parse calls once
// built: it only reads its rules and options.
var (
	whenEN = newWhen(en.All, common.All)
	whenZH = newWhen(zh.All, common.All)
)

func newWhen(rs ...[]rules.Rule) *when.Parser {
	w := when.New(nil)
	for _, r := range rs {
		w.Add(r...)
	}
	return w
}

// viaWhen reads phrase with github.com/olebedev/when. It succeeds only when
// one of its rule sets matches the whole phrase; a panic inside when (its
// Chinese rules raise some) is returned as an error, never propagated.
func (p *parser) viaWhen(phrase string) (spec, error) {
	var firstErr error
	for _, w := range []*when.Parser{whenEN, whenZH} {
		res, err := safeWhen(w, phrase, p.now)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if res == nil || res.Index != 0 || strings.TrimSpace(res.Text) != strings.TrimSpace(phrase) {
			continue
		}
		t := res.Time.In(p.loc)
		var sp spec
		if t.Hour() == p.now.Hour() && t.Minute() == p.now.Minute() && !t.Equal(p.now) &&
			t.Sub(p.now) >= 24*time.Hour-time.Hour {
			// A date rule kept the base clock: treat it as a date alone.
			sp.setDate(t.Date())
		} else {
			sp.exact = t
		}
		return sp, nil
	}
	return spec{}, firstErr
}

// safeWhen calls w.Parse and turns a panic into an error.
func safeWhen(w *when.Parser, text string, base time.Time) (res *when.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("when panicked on %q: %v", text, r)
		}
	}()
	res, err = w.Parse(text, base)
	if err != nil {
		return nil, fmt.Errorf("when: %w", err)
	}
	return res, nil
}
