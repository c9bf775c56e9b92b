package store_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lede-reader/lede/store"
	"github.com/lede-reader/lede/store/ingest"
)

// Han, Hiragana and Katakana are written without spaces: a run of them is
// indexed by its bigrams and characters (analyze.go), so that a word
// within it is found, as a phrase of its bigrams, and a single character
// finds what holds it. Other scripts are words between spaces, as before.

// cjkFeed loads an RSS feed of items (title, description) as lede reads a
// feed file.
func cjkFeed(t *testing.T, items ...[2]string) []store.Article {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>新闻 ニュース</title><link>https://news.example/</link>`)
	for i, it := range items {
		b.WriteString("<item><title>" + it[0] + "</title><link>https://news.example/" + string(rune('a'+i)) + "</link><description>" + it[1] + "</description></item>")
	}
	b.WriteString("</channel></rss>")
	path := filepath.Join(t.TempDir(), "feed.xml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	arts, problems := ingest.LoadPath(path)
	if len(arts) != len(items) {
		t.Fatalf("%d articles of %d items: %v", len(arts), len(items), problems)
	}
	return arts
}

// searchTitles is the titles a query finds, in order.
func searchTitles(st *store.Store, q string) []string {
	var out []string
	for _, h := range st.Search(q, 0) {
		out = append(out, h.Title)
	}
	return out
}

// finds checks that each query finds exactly want (titles, any order).
func finds(t *testing.T, st *store.Store, want map[string][]string) {
	t.Helper()
	for q, titles := range want {
		got := searchTitles(st, q)
		slices.Sort(got)
		w := slices.Clone(titles)
		slices.Sort(w)
		if !slices.Equal(got, w) {
			t.Errorf("search %s found %q, want %q", q, got, w)
		}
	}
}

const (
	zhTitle = "中文标题：阿尔法风暴逼近沿海城市"
	zhBody  = "气象部门表示，阿尔法风暴预计周五登陆，沿海居民已开始撤离。"
	jaTitle = "東京で大雨、交通機関に乱れ"
	jaBody  = "気象庁によると、東京都心では記録的な大雨となり、ニュースでは電車の遅れが伝えられた。"
	enTitle = "Storm Alpha nears the coast"
	enBody  = "Forecasters said the storm would make landfall on Friday."
)

func TestCJKFeedItems(t *testing.T) {
	arts := cjkFeed(t, [2]string{zhTitle, zhBody}, [2]string{jaTitle, jaBody}, [2]string{enTitle, enBody})
	st := store.Build(arts)
	finds(t, st, map[string][]string{
		// Chinese: words within a run, of two characters and more, in
		// the title and in the body.
		"风暴":     {zhTitle},
		"阿尔法":    {zhTitle},
		"阿尔法风暴":  {zhTitle},
		"沿海城市":   {zhTitle},
		"撤离":     {zhTitle},
		"标题":     {zhTitle},
		"风":      {zhTitle}, // one character: what holds it
		"法阿":     nil,       // its characters, not in its order
		"阿尔法暴":   nil,       // three of its bigrams, not in a row
		"尔法风暴逼近": {zhTitle},
		// Japanese: kanji, hiragana, katakana, one character.
		"大雨":   {jaTitle},
		"東京":   {jaTitle},
		"ニュース": {jaTitle},
		"乱れ":   {jaTitle},
		"雨":    {jaTitle},
		"京東":   nil,
		// An English query finds the English item only.
		"storm": {enTitle},
	})
	// A quoted run is the same phrase; a run beside an unquoted word
	// needs both (ranked by how many match, as words are).
	finds(t, st, map[string][]string{
		`"阿尔法风暴"`:   {zhTitle},
		`"风暴阿尔法"`:   nil,
		`-风暴 storm`: {enTitle},
	})
	if got := searchTitles(st, "storm 风暴"); len(got) != 2 {
		t.Errorf("search storm 风暴 found %q, want both storms", got)
	}
	// The marks fall on the characters of the run matched, one span each.
	for _, h := range st.Search("阿尔法", 1) {
		var marked string
		for _, m := range h.TitleMarks {
			marked += h.Title[m.Start:m.End]
		}
		if marked != "阿尔法" || len(h.TitleMarks) != 3 {
			t.Errorf("the title's marks are %q (%d spans), want 阿尔法 (3)", marked, len(h.TitleMarks))
		}
	}
}

// Mixed English and CJK: a CJK character ends the word before it
// ("iPhone手机" is iPhone and 手机), and the English words are found as
// ever.
func TestCJKMixedWithEnglish(t *testing.T) {
	title := "Apple发布新款iPhone手机，售价999美元"
	arts := cjkFeed(t, [2]string{title, "苹果公司周二在Cupertino发布了iPhone 17。"}, [2]string{enTitle, enBody})
	st := store.Build(arts)
	finds(t, st, map[string][]string{
		"iphone":    {title},
		"apple":     {title},
		"cupertino": {title},
		"手机":        {title},
		"发布":        {title},
		"999":       {title},
		"美元":        {title},
		"iPhone手机":  {title},
		"苹果公司":      {title},
		"storm":     {enTitle},
	})
}

// Punctuation between runs parts them: no bigram spans "、", and a query
// run across it finds nothing; each side is found.
func TestCJKPunctuationBetweenRuns(t *testing.T) {
	title := "东京、大阪（关西）与名古屋"
	arts := cjkFeed(t, [2]string{title, "「台风」过后，东京恢复通车。"})
	st := store.Build(arts)
	finds(t, st, map[string][]string{
		"东京":   {title},
		"大阪":   {title},
		"关西":   {title},
		"台风":   {title},
		"京大":   nil,
		"东京大阪": nil,
		"阪关":   nil,
		"风过":   nil,
		"恢复通车": {title},
		"名古屋":  {title},
		"与名":   {title},
	})
}

// The hostile file the review found: a Japanese headline over a long
// paragraph of Japanese, then Arabic. Its words are found now; the
// Arabic is words between spaces, as before: whole words match, a part
// of one does not.
func TestCJKHostileFile(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "bad-inputs", "long-words-cjk-emoji-rtl.txt")
	if _, err := os.Stat(path); err != nil {
		t.Skip("no ../shared")
	}
	arts, _ := ingest.LoadPath(path)
	if len(arts) != 1 {
		t.Fatalf("%d articles", len(arts))
	}
	st := store.Build(arts)
	title := arts[0].Title
	finds(t, st, map[string][]string{
		"メキシコ":      {title},
		"最近":        {title},
		"アメリカ":      {title},
		"緊張":        {title},
		"ニュース":      {title},
		"によると":      {title},
		"緊":         {title},
		"シキ":        nil,
		"المكسيك":   {title},
		"والولايات": {title},
		"المكس":     nil,
	})
	// About two characters a word: the paragraph's reading time is its
	// length, not "1 word".
	if w := arts[0].Words; w < 1000 {
		t.Errorf("%d words for a paragraph of over 2,000 characters", w)
	}
}

// Scripts written with spaces keep their words: Korean, Arabic, Hebrew,
// Russian; an emoji is no word. A part of a word finds nothing.
func TestCJKLeavesOtherScriptsAsWords(t *testing.T) {
	ko := "서울 날씨 맑음"
	he := "מזג האוויר בירושלים"
	ru := "Погода в Москве"
	ar := "الطقس في القاهرة"
	emoji := "Weather 🌧️🌈 today"
	arts := cjkFeed(t, [2]string{ko, "서울은 오늘 맑습니다."}, [2]string{he, "גשם"}, [2]string{ru, "Дождь"}, [2]string{ar, "مطر"}, [2]string{emoji, "Rain"})
	st := store.Build(arts)
	finds(t, st, map[string][]string{
		"서울":       {ko},
		"서":        nil,
		"울날":       nil,
		"בירושלים": {he},
		"בירו":     nil,
		"москве":   {ru},
		"моск":     nil,
		"القاهرة":  {ar},
		"القا":     nil,
		"🌧️":       nil,
		"weather":  {emoji},
	})
}

// A paragraph of Chinese or Japanese counts a word every two characters
// (about 500 characters a minute, as 250 words of English), so its
// reading time is its length; other words count as ever, and a CJK
// character ends the word before it.
func TestCJKWordCount(t *testing.T) {
	arts := cjkFeed(t,
		[2]string{"一", "气象部门表示阿尔法风暴。"},         // 11 characters: 6 words
		[2]string{"二", "iPhone手机 costs 999美元"}, // iPhone, costs, 999 and 4 characters
		[2]string{"三", "東京で大雨"},                // 5 characters: 3 words
		[2]string{"四", "서울 날씨 맑음 today"})       // 4 words
	for i, want := range []int{6, 5, 3, 4} {
		if got := arts[i].Words; got != want {
			t.Errorf("%q: %d words, want %d", arts[i].Body, got, want)
		}
	}
}

// An excluded run of three characters or more rules out what holds the
// whole run, as a phrase of its bigrams, as a positive run is looked for:
// -東京都 rules out Tokyo-to, not every article naming Tokyo (東京) or
// Kyoto (京都), bigrams of it.
func TestCJKExcludedRunIsAPhrase(t *testing.T) {
	const (
		kyoto   = "京都で新闻、紅葉が見頃に"
		tokyoto = "東京都は新闻で予算案を発表 Tokyo budget"
		tokyoSt = "東京駅は新闻の取材で混雑 Tokyo station"
		osaka   = "大阪で新闻の会議"
	)
	arts := cjkFeed(t,
		[2]string{kyoto, "京都の寺で観光客が増えた。"},
		[2]string{tokyoto, "東京都の知事が会見した。"},
		[2]string{tokyoSt, "東京駅の改札で遅れが出た。"},
		[2]string{osaka, "会議には東京都の職員も参加した。"}, // the run in the body alone
	)
	st := store.Build(arts)
	finds(t, st, map[string][]string{
		"新闻":         {kyoto, tokyoto, tokyoSt, osaka},
		"新闻 -東京都":    {kyoto, tokyoSt},
		"新闻 -京都":     {tokyoSt}, // one bigram: a plain term (東京都 holds 京都)
		"新闻 -駅":      {kyoto, tokyoto, osaka},
		"新闻 -東京都駅":   {kyoto, tokyoto, tokyoSt, osaka}, // no article holds the run
		"tokyo -東京都": {tokyoSt},
		"tokyo -東京駅": {tokyoto},
		"新闻 -tokyo":  {kyoto, osaka},
		"-東京都x 新闻":   {kyoto, tokyoSt},
	})
	// Without snippets, a candidate's text is read only to check a run.
	hits, err := st.SearchSnippets(context.Background(), "新闻 -東京都", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hits {
		got = append(got, h.Title)
	}
	slices.Sort(got)
	if want := []string{kyoto, tokyoSt}; !slices.Equal(got, want) {
		t.Errorf("search 新闻 -東京都 without snippets found %q, want %q", got, want)
	}
}

// TestCJKPhraseKeepsMarks: a CJK run's text check holds a character to
// its term as the index does, marks kept ("ガ" is not "カ", "ー͂" not
// "ー"), so that the positions, which rule out an article whose terms
// differ, never leave out one the text check would have found
// (FuzzSearchQuery found "ニュー͂" holding in "ニュース" by its text alone).
func TestCJKPhraseKeepsMarks(t *testing.T) {
	st := store.Build([]store.Article{
		{ID: "kasu", Title: "カスの話", Body: "x"},
		{ID: "news", Title: "日本語のニュース", Body: "y"},
		{ID: "gasu", Title: "カ\u3099スの話", Body: "z"}, // decomposed: the same term as ガス
	})
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"ガスの", []string{"gasu"}},
		{`"ガスの"`, []string{"gasu"}},
		{"ニュー\u0342", nil},
		{"ニュース", []string{"news"}},
		{"カスの", []string{"kasu"}},
	} {
		var got []string
		for _, h := range st.SearchFullCheck(c.q, 10) {
			got = append(got, h.ID)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q, every candidate's text checked: %q, want %q", c.q, got, c.want)
		}
		if hits := st.Search(c.q, 10); len(hits) != len(got) {
			t.Errorf("%q: %d hits, %d where every candidate's text is checked", c.q, len(hits), len(got))
		}
	}
}
