package campaignbot

// OrList writes items as a choice in each language: "a or b", "a, b or
// c" in English, "a 或 b" in Chinese and "a または b" in Japanese, with
// the list separator of the language ("、" in Chinese and Japanese).
func OrList(items ...string) Text {
	switch len(items) {
	case 0:
		return Text{}
	case 1:
		return Text{EN: items[0], ZH: items[0]}
	}
	t := T("campaignbot.a-or-b", items[len(items)-2], items[len(items)-1])
	for i := len(items) - 3; i >= 0; i-- {
		t = T("campaignbot.a-comma-b", items[i], t)
	}
	return t
}
