package todotext

import (
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
)

// genericAliases name "the campaign" without saying which one.
var genericAliases = []string{"大促", "活动", "开售", "the sale", "sale"}

// builtinAliases are well-known campaign names.
var builtinAliases = []string{"双十一", "双11", "double11", "double 11", "双十二", "双12", "double12", "double 12", "618", "六一八"}

// normalizeCampaign folds the spellings of a campaign name together:
// "Double 11", "双十一" and "double11" all become "双11".
func normalizeCampaign(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer(" ", "", "-", "", "_", "", "double", "双", "双十一", "双11", "双十二", "双12", "六一八", "618").Replace(s)
	return s
}

// aliases returns every name a phrase may use for a campaign, longest first.
func (p *parser) aliases() []string {
	if p.aliasList != nil {
		return p.aliasList
	}
	all := append([]string{}, builtinAliases...)
	all = append(all, genericAliases...)
	for _, cp := range p.opt.Campaigns {
		for _, s := range append([]string{cp.ID, cp.Name}, shortNames(cp.Name)...) {
			if strings.TrimSpace(s) != "" {
				all = append(all, s)
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return len(all[i]) > len(all[j]) })
	p.aliasList = all
	return all
}

// shortNames returns the names people use for a configured campaign
// besides its full name: without a trailing year ("年货节 2027", "Spring
// Sale 2027": 年货节, Spring Sale) and, for a Chinese name of several words,
// its first word ("年货节 预热期": 年货节), as 双11 and 618 are known by
// their short names. A first word in English is not used: it is too often
// an ordinary word ("Summer", "Super").
func shortNames(name string) []string {
	var out []string
	f := strings.Fields(name)
	if len(f) > 1 && yearRE.MatchString(f[len(f)-1]) {
		out = append(out, strings.Join(f[:len(f)-1], " "))
	}
	if len(f) > 1 && utf8.RuneCountInString(f[0]) >= 2 && strings.IndexFunc(f[0], isHan) >= 0 && !yearRE.MatchString(f[0]) {
		out = appendUnique(out, f[0])
	}
	return out
}

// yearRE matches a year written alone: 2027, 2027年.
var yearRE = regexp.MustCompile(`^(19|20)[0-9]{2}年?$`)

// campaignAlias consumes a campaign name at the cursor.
func (p *parser) campaignAlias(c *cursor) (string, bool) {
	for _, a := range p.aliases() {
		if c.lit(a) {
			if isASCIIAlnum(lastRune(a)) && !c.eof() && isASCIIAlnum(c.peek()) {
				c.i -= len(a)
				continue
			}
			return a, true
		}
	}
	return "", false
}

// campaignPhrase matches "D-3", "D-3 10:00", "D-day", "double11 D-3",
// "大促前3天", "双11前2天", "大促当天", optionally followed by a clock time.
func (p *parser) campaignPhrase(c *cursor) (spec, bool) {
	start := c.i
	alias, named := p.campaignAlias(c)
	afterAlias := c.i
	offset, ok := 0, false
	// workdays, when not 0, counts working days from D-day instead of
	// offset's calendar days; wdBad is the error of a count that cannot be
	// right.
	workdays, wdBad := 0, (func(string) error)(nil)
	if named {
		// Chinese: <alias>前N天, <alias>后N天, <alias>当天.
		switch {
		case c.lit("当天"), c.lit("当日"):
			ok = true
		case c.lit("前"), c.lit("后"):
			sign := 1
			if c.s[afterAlias:c.i] == "前" {
				sign = -1
			}
			afterSign := c.i
			if n, bad, nok := c.workdayCount(); nok && c.workdayUnit() {
				// 双11后3个工作日内, 大促前2个工作日: counted in working days
				// from D-day.
				c.wordsLit("之内", "以内", "内")
				if n < 1 && bad == nil {
					bad = noWorkdays
				}
				workdays, wdBad, ok = sign*n, bad, true
				break
			}
			c.i = afterSign
			if n, nok := c.cnNumber(); nok && (c.lit("天") || c.lit("日")) {
				offset, ok = sign*n, true
			} else if c.i = afterSign; true {
				if n, nok := c.cnNumber(); nok && (c.lit("周") || c.lit("个星期") || c.lit("星期")) {
					// 大促前一周: a week before D-day.
					offset, ok = sign*7*n, true
				} else if c.i = afterSign; sign < 0 && !isDigitOrCN(c.peek()) {
					// 双11前, 双11之前: by the day before D-day.
					offset, ok = -1, true
				}
			}
		case c.lit("之前"), c.lit("以前"):
			offset, ok = -1, true
		}
		if !ok {
			c.i = afterAlias
			c.spaces()
		}
	}
	if !ok {
		if offset, ok = p.dayForm(c); ok && offset != 0 {
			// "D-3个工作日", "D-3 business days": working days before D-day.
			if save := c.i; c.workdayUnit() || c.spaces() && c.workdayWords() {
				workdays, offset = offset, 0
			} else {
				c.i = save
			}
		}
	}
	if !ok && !named {
		// "3 business days before D-day", "2 working days after double 11".
		c.i = start
		if a, n, wok := p.enWorkdaysFrom(c); wok {
			alias, workdays, ok = a, n, true
			if n == 0 {
				wdBad = noWorkdays
			}
		}
	}
	if !ok && !named {
		// "2 days before double 11", "a week before 11.11".
		c.i = start
		if n, unit, bok := p.enBefore(c); bok {
			if a, aok := p.campaignAliasOrDay(c); aok {
				alias, offset, ok = a, -n*unit, true
			}
		}
	}
	if !ok {
		c.i = start
		return spec{}, false
	}
	if isGeneric(alias) {
		alias = ""
	}
	sp := p.campaignDate(alias, offset)
	switch {
	case wdBad != nil:
		sp = spec{workdays: true, bad: wdBad}
	case workdays != 0:
		sp = p.workdaysFrom(sp, workdays)
	}
	after := c.i
	c.spaces()
	if t, ok := p.clock(c); ok {
		return merge(sp, t), true
	}
	c.i = after
	return sp, true
}

// enBefore matches "2 days before", "a week before" and returns the count
// and the days per unit.
func (p *parser) enBefore(c *cursor) (int, int, bool) {
	start := c.i
	n, ok := c.englishNumber()
	if !ok || !c.spaces() {
		c.i = start
		return 0, 0, false
	}
	unit := 0
	switch {
	case p.unitWord(c, "days", "day"):
		unit = 1
	case p.unitWord(c, "weeks", "week"):
		unit = 7
	}
	if unit == 0 || !c.spaces() || !c.word("before") || !c.spaces() {
		c.i = start
		return 0, 0, false
	}
	return n, unit, true
}

// enWorkdaysFrom matches "3 business days before D-day", "2 working days
// after double 11" and returns the campaign's alias ("" for D-day) and
// the count, negative before D-day.
func (p *parser) enWorkdaysFrom(c *cursor) (string, int, bool) {
	start := c.i
	n, ok := c.englishNumber()
	if !ok || !c.spaces() || !c.workdayWords() || !c.spaces() {
		c.i = start
		return "", 0, false
	}
	sign := 0
	switch {
	case c.word("before"):
		sign = -1
	case c.word("after"):
		sign = 1
	}
	if sign == 0 || !c.spaces() {
		c.i = start
		return "", 0, false
	}
	if a, ok := p.campaignAliasOrDay(c); ok {
		return a, sign * n, true
	}
	if offset, ok := p.dayForm(c); ok && offset == 0 {
		return "", sign * n, true
	}
	c.i = start
	return "", 0, false
}

// campaignAliasOrDay consumes a campaign name or its day written as a
// date (11.11, 11/11, 12.12, 6.18).
func (p *parser) campaignAliasOrDay(c *cursor) (string, bool) {
	if a, ok := p.campaignAlias(c); ok {
		return a, true
	}
	for _, d := range []struct{ w, alias string }{{"11.11", "双11"}, {"11/11", "双11"}, {"12.12", "双12"}, {"12/12", "双12"}, {"6.18", "618"}, {"6/18", "618"}} {
		save := c.i
		if c.lit(d.w) && (c.eof() || !isASCIIAlnum(c.peek())) {
			return d.alias, true
		}
		c.i = save
	}
	return "", false
}

// isDigitOrCN reports whether r starts a number (3, 三).
func isDigitOrCN(r rune) bool {
	_, cn := cnDigits[r]
	return r >= '0' && r <= '9' || cn || r == '十'
}

// dayForm matches "D-3", "D+1", "D-day", "D0" and returns the offset.
func (p *parser) dayForm(c *cursor) (int, bool) {
	start := c.i
	if !c.lit("d") {
		return 0, false
	}
	if c.lit("-day") || c.lit(" day") {
		if c.eof() || !isASCIIAlnum(c.peek()) {
			return 0, true
		}
		c.i = start
		return 0, false
	}
	sign := 0
	switch {
	case c.lit("-"), c.lit("－"), c.lit("−"):
		sign = -1
	case c.lit("+"), c.lit("＋"):
		sign = 1
	}
	n, _, ok := c.number(3)
	if !ok || (sign == 0 && n != 0) || (!c.eof() && isASCIIAlnum(c.peek())) {
		c.i = start
		return 0, false
	}
	return sign * n, true
}

func isGeneric(alias string) bool {
	for _, g := range genericAliases {
		if strings.EqualFold(alias, g) {
			return true
		}
	}
	return false
}

// pickCampaign returns the campaign a phrase refers to: among the campaigns
// matching alias (all when alias is ""), the one with the earliest D-day after
// Now; for a named campaign with none ahead, the most recent one.
func (p *parser) pickCampaign(alias string) (campaignbot.Campaign, bool) {
	var ahead, behind *campaignbot.Campaign
	key := normalizeCampaign(alias)
	for i := range p.opt.Campaigns {
		cp := &p.opt.Campaigns[i]
		if cp.DDay.IsZero() {
			continue
		}
		if key != "" && !strings.Contains(normalizeCampaign(cp.ID), key) && !strings.Contains(normalizeCampaign(cp.Name), key) {
			continue
		}
		if cp.DDay.After(p.now) {
			if ahead == nil || cp.DDay.Before(ahead.DDay) {
				ahead = cp
			}
		} else if behind == nil || cp.DDay.After(behind.DDay) {
			behind = cp
		}
	}
	switch {
	case ahead != nil:
		return *ahead, true
	case behind != nil && key != "":
		return *behind, true
	}
	return campaignbot.Campaign{}, false
}

// campaignDate returns the date offset days from the D-day of the campaign
// named by alias ("" for the next upcoming one).
func (p *parser) campaignDate(alias string, offset int) spec {
	cp, ok := p.pickCampaign(alias)
	if !ok {
		return spec{bad: noCampaign(alias, p.opt.Campaigns, p.example())}
	}
	y, m, d := cp.DDay.In(p.loc).Date()
	var sp spec
	sp.setDate(time.Date(y, m, d+offset, 12, 0, 0, 0, p.loc).Date())
	return sp
}

// milestoneAt matches "#id", "#campaign/id" or "#Milestone Name" at the
// start of s (which begins after '#'); it returns the length matched and the
// milestone.
func (p *parser) milestoneAt(s string) (int, campaignbot.Campaign, campaignbot.Milestone, bool) {
	bestN := 0
	var bc campaignbot.Campaign
	var bm campaignbot.Milestone
	for _, cp := range p.opt.Campaigns {
		for _, ms := range cp.Milestones {
			for _, name := range []string{cp.ID + "/" + ms.ID, ms.ID, ms.Name} {
				if name == "" || len(name) <= bestN || len(s) < len(name) || !strings.EqualFold(s[:len(name)], name) {
					continue
				}
				if len(s) > len(name) && isASCIIAlnum(lastRune(name)) && (isASCIIAlnum(firstRune(s[len(name):])) || s[len(name)] == '-' || s[len(name)] == '_') {
					continue
				}
				bestN, bc, bm = len(name), cp, ms
			}
		}
	}
	return bestN, bc, bm, bestN > 0
}
