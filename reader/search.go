package reader

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/lede-reader/lede/store"
)

// maxHits is how many search results a query typed asks for: the list
// asks for more as its cursor nears the last of them (More).
const maxHits = 100

// searchModel is the query line opened by `/` and the state of a search:
// which query's results the list shows, the sequence number that tells the
// latest results from stale ones, and the selection to go back to on esc.
// It edits the query and runs it; the root puts the hits in the list, so
// the list stays the one place headlines are drawn.
type searchModel struct {
	input  textinput.Model
	active bool // the query line is open and has every key
	width  int
	keys   *keyMap
	styles *Styles

	seq int // of the latest query sent; older results are dropped
	// stop ends the search of the latest query sent, where the source
	// can stop one (ContextSearcher), once a newer query supersedes it;
	// ctx is that search's.
	stop    context.CancelFunc
	ctx     context.Context
	shown   int    // the results the list shows at once: their snippets come first
	showing bool   // the list shows results (or waits for them)
	results string // the query whose results the list shows
	// later is the results the list shows whose rows below the first
	// screen came without their snippets, until Fill asks for them.
	later *hitsMsg
	// rerun is the seq of the latest search Again ran of the query whose
	// results the list shows already, on a new snapshot (0: none).
	rerun int
	// limit is how many results the search asks for: maxHits for a
	// query typed, twice as many at each More.
	limit int
	// whole: the query is finished (enter), its last word a whole word
	// as lede search has it, not a prefix of one being typed.
	whole bool
	// took is how the results the list shows were searched: finished
	// (whole), and, where the finished query found nothing, as typed
	// (prefix), enter never turning results into none; searched is the
	// query as the store was asked it.
	took struct {
		whole, prefix bool
		searched      string
		// full: the store gave as many as asked (limit); more may match.
		full  bool
		limit int
	}
	finish int // the seq of Finish's search (0: none)
	toEnd  toEnd
}

// savedList is the list's selection before `/`, to go back to on esc
// (app.before).
type savedList struct {
	cursor int
	id     string
}

func newSearch(keys *keyMap, styles *Styles) searchModel {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "search titles and text"
	in.SetVirtualCursor(false) // the terminal's own cursor: nothing blinks on a timer
	in.CharLimit = 200
	// ctrl+v would run xclip or xsel to read the system clipboard; the
	// terminal's own paste arrives as a bracketed paste, cleaned below.
	in.KeyMap.Paste.SetEnabled(false)
	m := searchModel{input: in, keys: keys, styles: styles}
	m.restyle(styles)
	return m
}

func (m *searchModel) restyle(s *Styles) {
	m.styles = s
	st := m.input.Styles()
	st.Focused.Prompt = s.Prompt
	st.Blurred.Prompt = s.Prompt
	st.Focused.Placeholder = s.Hint
	st.Blurred.Placeholder = s.Hint
	m.input.SetStyles(st)
}

// Open starts a new query; the list's selection to go back to is the
// app's (before).
func (m *searchModel) Open() {
	m.active = true
	m.input.Reset()
	m.input.Focus()
}

// Active reports whether the query line is open.
func (m searchModel) Active() bool { return m.active }

// Showing reports whether the list shows results (or waits for them).
func (m searchModel) Showing() bool { return m.showing }

// Results is the query whose results the list shows.
func (m searchModel) Results() string { return m.results }

func (m searchModel) Query() string { return m.input.Value() }

// Run searches src for query off the update loop; its results are the
// only ones Take will accept. ahead, if not nil, makes what the best
// result will need, in the same command (bestAhead).
func (m *searchModel) Run(src Source, query string, ahead aheadFunc) tea.Cmd {
	m.limit, m.whole = maxHits, false
	return m.run(src, query, ahead)
}

// Finish runs query once more as finished (enter): its last word whole,
// as lede search runs it ("slack" no longer finds "slacker"), in place
// of the results as typed, the selection kept (a re-run); nil where the
// query as typed was that already (it ends in a space, a *, a quote).
func (m *searchModel) Finish(src Source, query string) tea.Cmd {
	m.whole = true
	if asTyped(query) == query {
		return nil // the search shown, or on its way, is this one
	}
	cmd := m.run(src, query, nil)
	m.rerun, m.finish = m.seq, m.seq
	return cmd
}

// Finished reports whether msg is the results of Finish's search.
func (m searchModel) Finished(msg hitsMsg) bool { return m.finish != 0 && msg.seq == m.finish }

// searchable says a query as typed is worth a search: one letter alone
// is no word of the index (nor a prefix it expands: two letters at
// least), and would find nothing; the line says to keep typing.
func searchable(query string) bool {
	q := strings.Trim(query, `"-* `)
	r, _ := utf8.DecodeRuneInString(q)
	return utf8.RuneCountInString(q) != 1 || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// run is Run for as many results as the search asked for last (Again
// and More run the results shown again).
func (m *searchModel) run(src Source, query string, ahead aheadFunc) tea.Cmd {
	m.supersede()
	m.showing = true
	ctx, stop := context.WithCancel(context.Background())
	m.ctx, m.stop = ctx, stop
	return searchCmd(ctx, src, m.seq, query, m.whole, m.shown, m.limit, ahead)
}

// allHits is the limit of a search for every result (All).
const allHits = -1

// Limit is how many results the search asked for: a list that holds as
// many may have more to show.
func (m searchModel) Limit() int {
	if m.limit == allHits {
		return math.MaxInt
	}
	return max(m.limit, maxHits)
}

// Full reports whether the search whose results the list shows gave as
// many articles as it asked for, and asked for as many as the search asks
// now (More and All ask for more: their answer is on its way): more may
// match, though the list, one row per story, holds fewer.
func (m searchModel) Full() bool { return m.took.full && m.took.limit >= m.Limit() }

// All runs the query whose results the list shows again for every
// result, as a re-run (G: the last result is one key away, not a doubling
// at each press, 9 of them for 10,765 results at 100,000 articles); its
// last is the result the cursor is on, the last of those in so far.
func (m *searchModel) All(src Source, last string) tea.Cmd {
	m.limit = allHits
	cmd := m.run(src, m.results, nil)
	m.rerun, m.toEnd = m.seq, toEnd{m.seq, last}
	return cmd
}

// ToEnd reports whether msg is the results All asked for, and the cursor
// (on keep) is still where All left it: it goes to the last of them.
func (m searchModel) ToEnd(msg hitsMsg, keep string) bool {
	return m.toEnd.seq != 0 && msg.seq == m.toEnd.seq && keep == m.toEnd.from
}

// toEnd is All's search (its seq; 0: none) and the result it was asked
// from.
type toEnd struct {
	seq  int
	from string
}

// More runs the query whose results the list shows again for twice as
// many results, as a re-run (the selection stays): the cursor nears the
// last of those it has. The results come with their snippets through
// row through (the screen the cursor is on), not only the first
// screen's: the rows in sight are replaced, and would show none until
// the prefetch filled them. Never on a letter's path.
func (m *searchModel) More(src Source, through int) tea.Cmd {
	m.limit = 2 * m.Limit()
	shown := m.shown
	m.shown = max(shown, through)
	cmd := m.run(src, m.results, nil)
	m.shown = shown
	m.rerun = m.seq
	return cmd
}

// Warm asks src, in c (the reader's background lane), to make what its
// first search as one types needs, while the reader is about to type the
// first letter; nil if src has nothing to make.
func (m *searchModel) Warm(src Source, c func(tea.Cmd) tea.Cmd) tea.Cmd {
	w, ok := src.(SearchWarmer)
	if !ok || indexing(src) {
		return nil
	}
	return c(func() tea.Msg {
		w.WarmSearch()
		return nil
	})
}

// SetShown sets how many results the list shows at once.
func (m *searchModel) SetShown(n int) { m.shown = max(n, 1) }

// Later keeps the results msg (the latest, taken) for Fill, if its rows
// below the first screen came without their snippets.
func (m *searchModel) Later(msg hitsMsg) {
	m.later = nil
	if msg.later && msg.seq == m.seq {
		m.later = &msg
	}
}

// Fill asks for the snippets the results the list shows came without (the
// rows below the first screen), run by c (the reader's background lane),
// once; nil if they have them all. The reader asks with its prefetch,
// once the result shown beside the list is in: the snippets of rows off
// screen are the least wanted of a letter's work (4 ms of CPU at 100,000
// articles, where the letter's search is 1 to 2), and run at once they
// took a core from the result's rendering and related stories, and the
// frame that shows them.
func (m *searchModel) Fill(src Source, c func(tea.Cmd) tea.Cmd) tea.Cmd {
	msg := m.later
	m.later = nil
	ss, ok := src.(SnippetSearcher)
	if !ok || msg == nil || msg.seq != m.seq || m.ctx == nil {
		return nil
	}
	return c(snippetsCmd(m.ctx, ss, *msg))
}

// TakeSnippets reports whether msg fills in the results the list shows.
func (m *searchModel) TakeSnippets(msg snippetsMsg) bool {
	return msg.seq == m.seq && m.showing && msg.err == nil
}

// supersede drops the results on their way and stops their search.
func (m *searchModel) supersede() {
	m.seq++
	m.later = nil
	if m.stop != nil {
		m.stop()
		m.stop, m.ctx = nil, nil
	}
}

// Again runs the search the list shows once more, on a new snapshot (the
// query being typed, if the line is open); nil if the list shows no
// results. Only the query whose results the list shows is a re-run: a
// typed query whose first results were still on their way is run as
// typed, its best result first.
func (m *searchModel) Again(src Source, ahead aheadFunc) tea.Cmd {
	q := m.results
	if m.active {
		q = strings.TrimSpace(m.Query())
	}
	if (!m.showing && !m.active) || q == "" {
		return nil
	}
	if q != m.results {
		m.rerun = 0
		return m.Run(src, q, ahead) // typed: its first results
	}
	cmd := m.run(src, q, ahead)
	m.rerun = m.seq
	return cmd
}

// Rerun reports whether msg is the results shown run again by Again on a
// new snapshot, not a query the reader typed: the selection stays where
// it is.
func (m searchModel) Rerun(msg hitsMsg) bool { return m.rerun != 0 && msg.seq == m.rerun }

// Take accepts the results of the latest query, and reports whether these
// are they.
func (m *searchModel) Take(msg hitsMsg) bool {
	if msg.seq != m.seq {
		return false
	}
	m.results = msg.query
	m.took.whole, m.took.prefix, m.took.searched = msg.whole, msg.prefix, msg.searched()
	m.took.full = msg.full && msg.limit != allHits
	m.took.limit = msg.limit
	return true
}

// Note says why the results shown are not quite what the query asks,
// where they are not, short (for the list's header) and long (for the
// status line): its words too common to search, left out ("the"), and,
// where the finished query found nothing, its results as typed, its last
// word the start of others ("cart": no article holds the word itself).
// "" where they are what it asks.
func (m searchModel) Note() (short, long string) {
	last := m.results[strings.LastIndexAny(m.results, " \t")+1:]
	common, left := store.TooCommonLeft(m.took.searched)
	switch {
	case m.took.prefix:
		return fmt.Sprintf("no word “%s”", oneLine(last)),
			fmt.Sprintf("no article holds the word “%s”, so words that start with it", oneLine(last))
	case len(common) > 0 && !left:
		// Nothing left to search: lede search's words for it.
		are := " is"
		if len(common) > 1 {
			are = " are"
		}
		return quoteAll(common) + " too common", quoteAll(common) + are + " too common to search for"
	case len(common) > 0:
		return quoteAll(common) + " left out", quoteAll(common) + " left out, too common to search"
	}
	return "", ""
}

// lastTooCommon says the last word of a finished query is one too common
// to search ("the"), which the search leaves out, as lede search does.
func lastTooCommon(query string) bool {
	words := strings.FieldsFunc(query, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 {
		return false
	}
	last := words[len(words)-1]
	return slices.ContainsFunc(store.TooCommon(query), func(w string) bool { return strings.EqualFold(w, last) })
}

// Shown is the query as the results shown were searched: its last word
// a prefix (cart*) where they are its results as typed.
func (m searchModel) Shown() string {
	if m.took.prefix {
		return asTyped(m.results)
	}
	return m.results
}

// quoteAll is words quoted, joined by commas.
func quoteAll(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "“" + oneLine(w) + "”"
	}
	return strings.Join(q, ", ")
}

// ShowAll stops showing results (the query was emptied): results on their
// way are dropped.
func (m *searchModel) ShowAll() {
	m.supersede()
	m.showing, m.results = false, ""
}

// Keep closes the query line and keeps the results in the list.
func (m *searchModel) Keep() {
	m.active = false
	m.input.Blur()
}

// Leave closes the search altogether: the line, the results, the results
// on their way.
func (m *searchModel) Leave() {
	m.active = false
	m.input.Blur()
	m.ShowAll()
}

func (m *searchModel) SetWidth(w int) {
	m.width = max(w, 0)
	// The prompt and the cursor take three columns, the count of matches
	// up to twelve.
	m.input.SetWidth(max(w-3-12, 1))
}

// Update edits the query (typed or pasted): a change is a queryIntent,
// enter an acceptIntent, esc a cancelIntent.
func (m searchModel) Update(msg tea.Msg) (searchModel, tea.Cmd, intent) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, m.keys.Accept):
			return m, nil, acceptIntent{strings.TrimSpace(m.Query())}
		case key.Matches(k, m.keys.Cancel):
			return m, nil, cancelIntent{}
		}
	}
	// Typed or pasted, text from the terminal is cleaned of controls and
	// bidi overrides before it is shown on the query line.
	switch k := msg.(type) {
	case tea.PasteMsg:
		msg = tea.PasteMsg{Content: oneLine(k.Content)}
	case tea.KeyPressMsg:
		if t := oneLine(k.Text); t != k.Text {
			k.Text = t
			msg = k
		}
	}
	before := m.input.Value()
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.input.KeyMap.DeleteWordForward) {
		// textinput v2.2.1 indexes past the end when the cursor is on
		// the last character (alt+d, ctrl+delete): delete it here.
		if r := []rune(before); m.input.Position() == len(r)-1 {
			m.input.SetValue(string(r[:len(r)-1]))
			m.input.CursorEnd()
			return m, nil, queryIntent{strings.TrimSpace(m.Query())}
		}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() != before {
		return m, cmd, queryIntent{strings.TrimSpace(m.Query())}
	}
	return m, cmd, nil
}

// Cursor is where the terminal cursor goes, relative to the query line.
func (m searchModel) Cursor() *tea.Cursor { return m.input.Cursor() }

// View is the query line, with right (the count of matches) at its end.
func (m searchModel) View(right string) string {
	if m.width <= 0 {
		return ""
	}
	right = m.styles.Hint.Render(right)
	rw := textWidth(right)
	if rw > m.width/2 {
		right, rw = "", 0
	}
	return block([]string{m.input.View()}, m.width-rw, 1) + right
}

// hitsMsg carries search results back to Update; seq is its id. With
// later, the hits past the first screen came without their snippets.
// best is what the search made of its best result, if anything.
type hitsMsg struct {
	seq   int
	query string
	whole bool // query was run as finished, not as typed (Finish)
	// prefix: run as finished, the query found nothing, and these are
	// its results as typed (its last word a prefix).
	prefix bool
	hits   []store.Hit
	err    error
	later  bool
	best   *bestAhead
	// full: the search gave as many articles as it asked for (limit),
	// so more may match (hits, one per story, can be fewer).
	full  bool
	limit int
}

// snippetsMsg is the results of a hitsMsg with every snippet.
type snippetsMsg struct {
	seq  int
	hits []store.Hit
	err  error
}

// snippetsCmd fills in the snippets msg's hits came without, on a copy.
func snippetsCmd(ctx context.Context, src SnippetSearcher, msg hitsMsg) tea.Cmd {
	hits := slices.Clone(msg.hits)
	return func() (out tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				out = snippetsMsg{seq: msg.seq, err: fmt.Errorf("search: %v", r)}
			}
		}()
		err := src.Snippets(ctx, msg.searched(), hits)
		return snippetsMsg{seq: msg.seq, hits: hits, err: err}
	}
}

// byStory is hits one per story, as the list shows stories: the first
// (best-matching) version of each stands for its story, the others are
// left out. hits itself where none is; a new slice otherwise.
func byStory(src Source, hits []store.Hit) []store.Hit {
	var seen map[string]bool // stories of several versions met
	var out []store.Hit      // nil until a hit is left out
	for i := range hits {
		if a, ok := head(src, hits[i].ID); ok && a.Versions > 1 && a.Story != "" {
			if seen[a.Story] {
				if out == nil {
					out = append(make([]store.Hit, 0, len(hits)-1), hits[:i]...)
				}
				continue
			}
			if seen == nil {
				seen = map[string]bool{}
			}
			seen[a.Story] = true
		}
		if out != nil {
			out = append(out, hits[i])
		}
	}
	if out == nil {
		return hits
	}
	return out
}

// searched is the query as the store was asked it: as typed, its last
// word a prefix, or as finished.
func (msg hitsMsg) searched() string {
	if msg.whole && !msg.prefix {
		return msg.query
	}
	return asTyped(msg.query)
}

// asTyped makes the last word of a query being typed a prefix ("mex"
// finds Mexico before the word is done), unless it is excluded or a
// prefix already; inside a phrase, see phraseAsTyped.
func asTyped(query string) string {
	if strings.Count(query, `"`)%2 == 1 {
		return phraseAsTyped(query)
	}
	last := query[strings.LastIndexAny(query, " \t")+1:]
	if last == "" || strings.HasPrefix(last, "-") || strings.HasSuffix(last, "*") || strings.HasSuffix(last, `"`) {
		return query
	}
	return query + "*"
}

// phraseAsTyped is asTyped for a query whose last phrase is still open:
// a phrase is whole words, so `"drone str` as typed holds none, and the
// results would vanish at every letter until the word is done. The word
// being typed leaves the phrase and becomes a prefix after it (`"drone"
// str*`); once a space or the closing quote is typed, the phrase is
// searched as written.
func phraseAsTyped(query string) string {
	open := strings.LastIndexByte(query, '"')
	if open > 0 && query[open-1] == '-' {
		return query
	}
	cut := strings.LastIndexAny(query, " \t")
	word := query[max(cut, open)+1:] // the word being typed
	switch {
	case word == "": // a space typed: the phrase's words are whole
		return query
	case word[0] == '-': // inside quotes, a word, not an exclusion
		return query
	case cut < open: // the phrase's first word
		return query[:open] + word + "*"
	default:
		return query[:cut] + `" ` + query[cut+1:] + "*"
	}
}

// searchCmd runs a query on src off the update loop, its last word as a
// prefix: the reader searches as one types. It starts at once, beside the
// letter's frame: a letter's search at 100,000 articles takes 1 to 2 ms,
// so its results come in the frame that draws the letter, or the next
// (a search that waited a frame before it started, as one of 10 ms with
// every snippet once had to so as not to hold the letter's frame, drew
// its results two frames after the letter at best). A source that can
// gives the snippets of the shown results first (SnippetSearcher). With
// ahead, the results come with what their best needs (bestAhead).
func searchCmd(ctx context.Context, src Source, seq int, query string, whole bool, shown, limit int, ahead aheadFunc) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = hitsMsg{seq: seq, query: query, err: fmt.Errorf("search: %v", r)}
			}
		}()
		if err := ctx.Err(); err != nil {
			// Superseded before it started: dropped as stale.
			return hitsMsg{seq: seq, query: query, err: err}
		}
		m := hitsMsg{seq: seq, query: query, whole: whole, limit: limit}
		n := limit
		if n == allHits {
			n = 0 // every one
		}
		search := func() {
			q := m.searched()
			if ss, ok := src.(SnippetSearcher); ok && shown > 0 {
				m.hits, m.err = ss.SearchSnippets(ctx, q, n, shown)
				m.later = len(m.hits) > shown
				if limit == allHits && m.err == nil && len(m.hits) > shown {
					// G goes to the last: its screen comes with its
					// snippets too, the rows between with Fill.
					m.err = ss.Snippets(ctx, q, m.hits[max(len(m.hits)-shown, shown):])
				}
			} else if cs, ok := src.(ContextSearcher); ok {
				// Stopped, it was superseded: its message is dropped as stale.
				m.hits, m.err = cs.SearchContext(ctx, q, n)
			} else {
				m.hits = src.Search(q, n)
			}
			m.full = n > 0 && len(m.hits) >= n
			if folded := byStory(src, m.hits); len(folded) < len(m.hits) {
				m.hits = folded
				m.later = len(m.hits) > shown
				if ss, ok := src.(SnippetSearcher); ok && shown > 0 && m.err == nil {
					// A version left out moved rows from below the first
					// screen into it: theirs come now (the others have one).
					m.err = ss.Snippets(ctx, q, m.hits[:min(shown, len(m.hits))])
				}
			}
		}
		search()
		if whole && m.err == nil && len(m.hits) == 0 && asTyped(query) != query && !lastTooCommon(query) {
			// Finished, the query finds nothing ("cart", no article holds
			// the word): its results as typed stay, and the header says
			// why (Note). Not where its last word is too common to search
			// ("the"): that word is left out, as lede search leaves it
			// out, and the header says so; "the*" found "theatre".
			m.prefix = true
			search()
			if len(m.hits) == 0 {
				m.prefix = false
			}
		}
		if ahead != nil && m.err == nil && len(m.hits) > 0 {
			m.best = ahead(ctx, m.hits[0].ID)
		}
		return m
	}
}
