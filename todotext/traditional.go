package todotext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// simplifiedOf maps the Traditional characters that occur in the date,
// working-day and anchor words the parser reads (週五, 下午6點, 3個工作日內,
// 雙11後, 國慶節) to the Simplified characters its rules are written in.
// Taiwanese and Hong Kong colleagues type Traditional; the rules, and the
// Chinese rules of olebedev/when, match Simplified only. Every pair is three
// bytes in UTF-8 on both sides, so a mapped text keeps every byte offset.
var simplifiedOf = map[rune]rune{
	'來': '来', '倆': '俩', '個': '个', '們': '们', '備': '备', '優': '优', '兒': '儿', '內': '内',
	'兩': '两', '則': '则', '動': '动', '務': '务', '勞': '劳', '問': '问', '喫': '吃', '國': '国',
	'圖': '图', '團': '团', '報': '报', '塊': '块', '寫': '写', '將': '将', '幹': '干', '後': '后',
	'復': '复', '慶': '庆', '戶': '户', '據': '据', '數': '数', '斬': '斩', '於': '于', '時': '时',
	'曆': '历', '書': '书', '會': '会', '條': '条', '業': '业', '標': '标', '樣': '样', '檔': '档',
	'沒': '没', '淩': '凌', '減': '减', '準': '准', '滿': '满', '澆': '浇', '為': '为', '熱': '热',
	'爲': '为', '當': '当', '發': '发', '盤': '盘', '確': '确', '禮': '礼', '稱': '称', '節': '节',
	'級': '级', '細': '细', '終': '终', '結': '结', '給': '给', '統': '统', '經': '经', '綠': '绿',
	'緊': '紧', '總': '总', '羣': '群', '腳': '脚', '著': '着', '號': '号', '裏': '里', '裡': '里',
	'覆': '复', '規': '规', '計': '计', '試': '试', '話': '话', '調': '调', '請': '请', '負': '负',
	'貨': '货', '買': '买', '辦': '办', '農': '农', '這': '这', '週': '周', '過': '过', '達': '达',
	'遲': '迟', '選': '选', '醜': '丑', '鍾': '钟', '鐘': '钟', '長': '长', '開': '开', '間': '间',
	'陽': '阳', '雙': '双', '頁': '页', '須': '须', '預': '预', '頭': '头', '題': '题', '飯': '饭',
	'體': '体', '麼': '么', '點': '点',
}

// simplifyForParsing returns s with the Traditional characters of
// simplifiedOf replaced by their Simplified forms, byte for byte aligned
// with s.
func simplifyForParsing(s string) string {
	return strings.Map(func(r rune) rune {
		if t, ok := simplifiedOf[r]; ok {
			return t
		}
		return r
	}, s)
}

// restoreScript gives back the user's own characters in derived, a piece of
// text (a title, a date phrase) the parser cut out of simplified, which is
// simplifyForParsing(original): each rune of derived is matched in order
// against simplified, and a matched rune is replaced by the rune at the same
// offset of original. Runes the parser added (a tidied space) match nothing
// and stay as they are; a space matches only where it was typed. A title typed as 完成週報 stays 完成週報 although
// the parser read 完成周报.
func restoreScript(derived, simplified, original string) string {
	if derived == "" || simplified == original || len(simplified) != len(original) {
		return derived
	}
	var b strings.Builder
	b.Grow(len(derived))
	j := 0
	for _, r := range derived {
		k := strings.IndexRune(simplified[j:], r)
		if unicode.IsSpace(r) && k > 0 {
			// A space the parser tidied in, not the next one typed.
			k = -1
		}
		if k < 0 {
			b.WriteRune(r)
			continue
		}
		at := j + k
		o, size := utf8.DecodeRuneInString(original[at:])
		if _, s2 := utf8.DecodeRuneInString(simplified[at:]); s2 != size {
			o = r
		}
		b.WriteRune(o)
		j = at + size
	}
	return b.String()
}
