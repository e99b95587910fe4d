package config

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/lunardate"
)

// lunarDDayExample shows the lunar form of d_day.
const lunarDDayExample = `d_day: {lunar: 正月初一, year: 2027, time: "00:00"}`

// dday reads a campaign's d_day at path p: a date and time in loc
// ("2026-11-11 00:00"), or a lunar date written as a mapping
// ({lunar: 正月初一, year: 2027, time: "00:00"}), converted to its
// Gregorian date at time (default 00:00) in loc. ok is false when a
// problem was reported.
func (b *builder) dday(p string, rd rawDDay, loc *time.Location) (at time.Time, lunar campaignbot.LunarDate, ok bool) {
	if n := b.r.nodes[p]; n != nil && b.r.broken[p] {
		b.r.atNode(n, "%s: write d_day as a date, like d_day: 2026-11-11 00:00, or a lunar date as a mapping, like %s; found %s", p, lunarDDayExample, kindOf(n))
		return time.Time{}, lunar, false
	}
	if n := b.r.nodes[p]; n != nil && n.Kind == yaml.MappingNode {
		return b.lunarDDay(p, rd, loc)
	}
	if strings.TrimSpace(rd.Date) == "" {
		b.r.at(parentPath(p), "d_day is required: add the instant the sale opens, like d_day: 2026-11-11 00:00")
		return time.Time{}, lunar, false
	}
	text := b.r.literal(p, rd.Date)
	at, err := parseDateTime(text, loc)
	switch {
	case err != nil && looksLunar(text):
		b.r.at(p, "bad date %s: write a lunar date as a mapping, like %s", quote(text), lunarDDayExample)
		return time.Time{}, lunar, false
	case err != nil:
		b.r.at(p, "%v", err)
		return time.Time{}, lunar, false
	}
	return at, lunar, true
}

// lunarDDay reads the lunar form of d_day.
func (b *builder) lunarDDay(p string, rd rawDDay, loc *time.Location) (time.Time, campaignbot.LunarDate, bool) {
	var zero campaignbot.LunarDate
	// Every part is checked even when another is wrong, so that one run of
	// config check reports every mistake.
	ok := true
	// A lunar value of the wrong shape was reported by the walker.
	if strings.TrimSpace(rd.Lunar) == "" && !b.r.broken[p+".lunar"] {
		b.r.at(p, "lunar is required in this form: give the lunar month and day, like %s, or write a date like d_day: 2026-11-11 00:00", lunarDDayExample)
		ok = false
	}
	year, yearOK := 0, false
	switch y := strings.TrimSpace(rd.Year); {
	case y == "":
		b.r.at(p, "year is required with lunar: give the lunar year, the Gregorian year its 正月初一 falls in, like year: 2027 (正月初一 of lunar 2027 is 2027-02-06)")
	default:
		n, err := strconv.Atoi(y)
		if err != nil {
			b.r.at(p+".year", "bad year %s: give the lunar year as a number, like 2027", quote(rd.Year))
		}
		year, yearOK = n, err == nil
	}
	ok = ok && yearOK
	clock := 0
	if t := strings.TrimSpace(rd.Time); t != "" {
		c, valid := parseClock(t, false)
		if !valid {
			b.r.at(p+".time", "bad time of day %s: use HH:MM in 24-hour time, like 00:00 (the default) or 20:00", quote(rd.Time))
			ok = false
		}
		clock = c
	}
	if strings.TrimSpace(rd.Lunar) == "" {
		return time.Time{}, zero, false
	}
	d, err := lunardate.Parse(rd.Lunar)
	if err != nil {
		b.r.at(p+".lunar", "%v", err)
		return time.Time{}, zero, false
	}
	if !yearOK {
		return time.Time{}, zero, false
	}
	// With a year, the date is converted even when the time is wrong: a
	// leap month or 三十 the year does not have is reported too.
	d.Year = year
	g, err := lunardate.Solar(d)
	switch {
	case errors.Is(err, lunardate.ErrYear):
		b.r.at(p+".year", "%v", err)
		return time.Time{}, zero, false
	case err != nil:
		b.r.at(p+".lunar", "%v", err)
		return time.Time{}, zero, false
	case !ok:
		return time.Time{}, zero, false
	}
	return time.Date(g.Year, g.Month, g.Day, clock/60, clock%60, 0, 0, loc), d, true
}

// looksLunar reports whether a d_day written as one value was meant as a
// lunar date, like "正月初一 2027": it holds Chinese characters.
func looksLunar(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}
