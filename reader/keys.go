package reader

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
)

// keyMap is the reader's one set of key bindings. Panes match keys against
// it with key.Matches; the help bar is generated from it, so what the help
// says is what the keys do.
type keyMap struct {
	Up, Down         key.Binding
	PageDown, PageUp key.Binding
	Top, Bottom      key.Binding

	Open    key.Binding // enter: open the article / jump to the related story
	Close   key.Binding // esc: back to the list, leave related, drop results
	Switch  key.Binding // tab: list <-> article
	Related key.Binding // r
	Jump    key.Binding // 1-9
	Back    key.Binding // [ and backspace
	Forward key.Binding // ]

	Search  key.Binding // /
	Results key.Binding // up and down in the query line
	Accept  key.Binding // enter in the query line
	Cancel  key.Binding // esc in the query line

	Link     key.Binding // o
	Links    key.Binding // L
	Copy     key.Binding // y
	FindNext key.Binding // n: the next match of a find in the article
	FindPrev key.Binding // N: the match before

	NextArticle key.Binding // J, and n while reading: the next headline's article
	PrevArticle key.Binding // K, and p while reading

	Density  key.Binding // d: one row a headline, or title and byline
	Narrower key.Binding // <: the list narrower
	Wider    key.Binding // >: the list wider

	Problems key.Binding // !: every problem loading met
	Sort     key.Binding // T: the next order of the list
	Section  key.Binding // #: the next section

	Help      key.Binding // ?
	Quit      key.Binding // q: back one level, quit from the top
	QuitNow   key.Binding // Q: quit from anywhere but the query line
	Interrupt key.Binding // ctrl+c: quit from anywhere, the query line too

	// Stories (stories.go, compare.go).
	Versions key.Binding // V: show or hide a story's versions in the list
	Compare  key.Binding // v: compare a story's versions

	// Reading state, with a library (library.go).
	ToggleRead  key.Binding // m
	ToggleSaved key.Binding // s
	MarkAll     key.Binding // A: every article in the list read
	Undo        key.Binding // z: undo A
	UnreadOnly  key.Binding // u
	SavedOnly   key.Binding // S
	FeedFilter  key.Binding // F
	FeedList    key.Binding // c: choose a feed from the list of them (feedpicker.go)
	Update      key.Binding // R
	FullText    key.Binding // f: the article's page (space pages down)
}

func newKeyMap() keyMap {
	return keyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("space", "page down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("b", "page up")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),

		Open:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "read")),
		Close:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to list")),
		Switch:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "switch pane")),
		Related: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "related")),
		Jump: key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"),
			key.WithHelp("1-9", "jump to related")),
		Back:    key.NewBinding(key.WithKeys("[", "backspace"), key.WithHelp("[", "back")),
		Forward: key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "forward")),

		Search:  key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Results: key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move in results")),
		Accept:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep results")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),

		Link:     key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open link [N]")),
		Links:    key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "choose a link")),
		Copy:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy link [N]")),
		FindNext: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next match")),
		FindPrev: key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous match")),

		NextArticle: key.NewBinding(key.WithKeys("J", "n"), key.WithHelp("J/n", "next article")),
		PrevArticle: key.NewBinding(key.WithKeys("K", "p"), key.WithHelp("K/p", "previous article")),

		Density:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "dense/roomy list")),
		Narrower: key.NewBinding(key.WithKeys("<"), key.WithHelp("<", "list narrower")),
		Wider:    key.NewBinding(key.WithKeys(">"), key.WithHelp(">", "list wider")),

		Problems: key.NewBinding(key.WithKeys("!"), key.WithHelp("!", "load problems")),
		Sort:     key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "sort")),
		Section:  key.NewBinding(key.WithKeys("#"), key.WithHelp("#", "section")),

		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		QuitNow:   key.NewBinding(key.WithKeys("Q"), key.WithHelp("Q", "quit")),
		Interrupt: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Versions:  key.NewBinding(key.WithKeys("V"), key.WithHelp("V", "show versions")),
		Compare:   key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "compare versions")),

		ToggleRead:  key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "read/unread")),
		ToggleSaved: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save")),
		MarkAll:     key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "all read")),
		Undo:        key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "undo all read")),
		UnreadOnly:  key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "unread only")),
		SavedOnly:   key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "saved only")),
		FeedFilter:  key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "next feed")),
		FeedList:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "choose a feed")),
		Update:      key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "update feeds")),
		FullText:    key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "fetch full text")),
	}
}

// helpKeys adapts the key map to bubbles/help for one screen state, so the
// help bar only ever lists keys that work right now.
type helpKeys struct {
	k       *keyMap
	focus   focus
	mode    mode
	narrow  bool
	results bool // search results are shown in the list
	// back: what esc goes back to from them ("all articles", or the
	// list a filter keeps to: searchScope)
	back     string
	filtered bool // the list is kept to a feed, section, unread or saved: esc and q take it off
	empty    bool // nothing to read: most keys have nothing to act on
	library  bool // the keys of reading state work
	prompt   bool // o or y is waiting for a link's number
	copy     bool // and it is y
	finding  bool // the article's find line is open: it has every key
	found    bool // a find's matches are kept: n and N go between them, esc clears them
	scrolls  bool // the help or the problems are longer than the screen
	// filtering: the feed picker's filter line has the keys
	filtering bool
}

func (h helpKeys) ShortHelp() []key.Binding {
	k := h.k
	// Most needed first: the bar is cut at the right on a narrow terminal,
	// and help and quit should survive the cut.
	jump := withHelp(k.Jump, "related")
	switch h.mode {
	case modeSearch:
		return []key.Binding{k.Accept, k.Cancel, k.Results}
	case modeHelp, modeProblems:
		b := []key.Binding{withHelp(k.Close, "close"), k.QuitNow}
		if h.mode == modeHelp {
			b[0] = withHelp(k.Close, "close help")
		}
		if h.scrolls {
			b = append([]key.Binding{withHelp(k.Down, "scroll"), k.PageDown}, b...)
		}
		return b
	case modeCompare:
		return []key.Binding{withHelp(k.Down, "scroll"), withHelp(k.Close, "close"), k.PageDown, k.QuitNow}
	case modeFeeds:
		if h.filtering {
			return []key.Binding{withHelp(k.Accept, "show it"), withHelp(k.Cancel, "all names"), withHelp(k.Results, "move")}
		}
		return []key.Binding{k.Down, withHelp(k.Open, "show it"), withHelp(k.Search, "filter"), withHelp(k.Close, "close"), k.QuitNow}
	}
	if h.prompt {
		digits := key.NewBinding(key.WithKeys("0"), key.WithHelp("0-9", "link [N]"))
		verb := "open it"
		if h.copy {
			verb = "copy it"
		}
		return []key.Binding{digits, withHelp(k.Open, verb), withHelp(k.Close, "cancel"), k.QuitNow}
	}
	if h.empty && !h.results {
		if h.filtered {
			return []key.Binding{withHelp(k.Close, "all articles"), k.Help, k.QuitNow}
		}
		return []key.Binding{k.Help, k.Quit}
	}
	if h.empty && h.focus == focusList {
		// Results kept, none: another search, or every article again.
		return []key.Binding{k.Search, withHelp(k.Close, h.back), k.Help, k.QuitNow}
	}
	switch h.focus {
	case focusArticle:
		if h.finding {
			return []key.Binding{withHelp(k.Accept, "keep matches"), withHelp(k.Cancel, "cancel")}
		}
		toList := withHelp(k.Switch, "list")
		if h.found {
			step := key.NewBinding(key.WithKeys(append(k.FindNext.Keys(), k.FindPrev.Keys()...)...),
				key.WithHelp(k.FindNext.Help().Key+"/"+k.FindPrev.Help().Key, "next/previous match"))
			b := []key.Binding{step, withHelp(k.Close, "clear find"), k.Help, k.QuitNow, withHelp(k.Down, "scroll")}
			if !h.narrow {
				b = append(b, toList)
			}
			return append(b, jump, k.Back, k.PageDown)
		}
		if h.narrow {
			toList = withHelp(k.Close, "list")
		}
		return []key.Binding{withHelp(k.Down, "scroll"), toList, jump, k.Back, k.Help, k.QuitNow, k.PageDown, k.Related, k.Link, withHelp(k.Search, "find"), withHelp(k.NextArticle, "next")}
	case focusRelated:
		return []key.Binding{k.Down, withHelp(k.Open, "jump"), withHelp(k.Close, "leave"), k.Back, k.Help, k.QuitNow}
	case focusLinks:
		return []key.Binding{k.Down, withHelp(k.Jump, "link [N]"), withHelp(k.Open, "open"), k.Copy, withHelp(k.Close, "leave"), k.Help, k.QuitNow}
	}
	b := []key.Binding{k.Down, withHelp(k.Open, "read"), k.Search}
	if h.results {
		// q and esc leave the results; Q quits.
		return append(b, withHelp(k.Close, h.back), jump, k.Back, k.Help, k.QuitNow)
	}
	if h.filtered {
		return append(b, withHelp(k.Close, "all articles"), jump, k.Back, k.Help, k.QuitNow)
	}
	return append(b, jump, k.Back, k.Help, k.Quit)
}

func (h helpKeys) FullHelp() [][]key.Binding {
	k := h.k
	cols := [][]key.Binding{
		// Groups of keys; the help lays them out in as many columns as
		// its width holds (sheet.go), and scrolls.
		{k.Up, k.Down, k.PageDown, k.PageUp, k.Top, k.Bottom, k.Help, withHelp(k.Quit, "back/quit"), k.QuitNow, withHelp(k.Problems, "problems")},
		{k.Open, k.Close, k.Switch, k.Related, k.Jump, withHelp(k.Versions, "versions"), withHelp(k.Compare, "compare"), withHelp(k.Density, "dense list"),
			withHelp(k.NextArticle, "next"), withHelp(k.PrevArticle, "previous")},
		{k.Back, k.Forward, k.Search, k.Link, k.Links, k.Copy, withHelp(k.Narrower, "narrower"), withHelp(k.Wider, "wider"),
			k.Sort, k.Section},
	}
	if h.library {
		cols = append(cols, []key.Binding{k.ToggleRead, k.ToggleSaved, k.MarkAll, k.Undo, k.UnreadOnly, k.SavedOnly, k.FeedFilter, k.FeedList, k.Update, k.FullText})
	}
	return cols
}

// withHelp returns b with another description: the same key reads
// differently in different panes.
func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// bindable is every action a config file can bind, by the name it has
// there, with its binding in k. 1-9 (jump), the arrows of the query line
// and ctrl+c are not rebindable: their keys are their meaning, or the way
// out.
func (k *keyMap) bindable() map[string]*key.Binding {
	return map[string]*key.Binding{
		"up": &k.Up, "down": &k.Down, "page_down": &k.PageDown, "page_up": &k.PageUp,
		"top": &k.Top, "bottom": &k.Bottom,
		"open": &k.Open, "close": &k.Close, "switch": &k.Switch, "related": &k.Related,
		"back": &k.Back, "forward": &k.Forward,
		"search": &k.Search, "accept": &k.Accept, "cancel": &k.Cancel,
		"link": &k.Link, "links": &k.Links, "copy": &k.Copy,
		"find_next": &k.FindNext, "find_prev": &k.FindPrev,
		"next_article": &k.NextArticle, "prev_article": &k.PrevArticle,
		"density": &k.Density, "narrower": &k.Narrower, "wider": &k.Wider,
		"problems": &k.Problems, "sort": &k.Sort, "section": &k.Section,
		"help": &k.Help, "quit": &k.Quit, "quit_now": &k.QuitNow,
		"versions": &k.Versions, "compare": &k.Compare,
		"toggle_read": &k.ToggleRead, "toggle_saved": &k.ToggleSaved,
		"mark_all": &k.MarkAll, "undo": &k.Undo, "unread_only": &k.UnreadOnly,
		"saved_only": &k.SavedOnly, "feed_filter": &k.FeedFilter, "feed_list": &k.FeedList,
		"update": &k.Update, "full_text": &k.FullText,
	}
}

// KeyActions is the name of every action a config file can bind, sorted.
func KeyActions() []string {
	k := newKeyMap()
	return slices.Sorted(maps.Keys(k.bindable()))
}

// DefaultKeys is each bindable action's keys as the reader has them
// without a config.
func DefaultKeys() map[string][]string { return BoundKeys(nil) }

// BoundKeys is each bindable action's keys once keys are bound: what the
// reader does with keys, for the config command to show.
func BoundKeys(keys map[string][]string) map[string][]string {
	k := newKeyMap()
	k.bind(keys)
	out := map[string][]string{}
	for name, b := range k.bindable() {
		out[name] = b.Keys()
	}
	return out
}

// namedKeys are the keys that have a name rather than the character they
// type, as Bubble Tea spells them in a key press's String.
var namedKeys = map[string]bool{
	"up": true, "down": true, "left": true, "right": true, "enter": true, "esc": true,
	"tab": true, "space": true, "backspace": true, "delete": true, "insert": true,
	"home": true, "end": true, "pgup": true, "pgdown": true, "begin": true,
}

// CheckKey says why name is not a key the reader can be given, or nil: a
// single character ("j", "?", "J"), a named key ("enter", "pgdown",
// "f5"), either after modifiers ("ctrl+d", "alt+enter").
func CheckKey(name string) error {
	base := name
	for {
		mod, rest, ok := strings.Cut(base, "+")
		if !ok || rest == "" || !slices.Contains([]string{"ctrl", "alt", "shift", "meta", "super", "hyper"}, mod) {
			break
		}
		base = rest
	}
	if utf8.RuneCountInString(base) == 1 {
		r, _ := utf8.DecodeRuneInString(base)
		if unicode.IsGraphic(r) && !unicode.IsSpace(r) {
			return nil
		}
	}
	if namedKeys[base] {
		return nil
	}
	if n, err := strconv.Atoi(strings.TrimPrefix(base, "f")); err == nil && strings.HasPrefix(base, "f") && n >= 1 && n <= 63 {
		return nil
	}
	return fmt.Errorf("unknown key name %q (a character like \"j\", a name like \"enter\" or \"pgdown\", with \"ctrl+\" or \"alt+\" before it)", name)
}

// bind gives the actions named in keys those keys instead of their own,
// and the help shows them. A key given to one action is taken from the
// others that have it by default (quit = "j" leaves down with the arrow),
// unless both have it by default (enter opens and, in the query line,
// accepts). Names and keys are checked already (the config file's reader
// does); any it did not know are ignored.
func (k *keyMap) bind(keys map[string][]string) {
	actions := k.bindable()
	defaults := newKeyMap()
	own := defaults.bindable()
	for name, ks := range keys {
		b, ok := actions[name]
		if !ok || len(ks) == 0 || slices.Equal(ks, own[name].Keys()) {
			continue // its own keys: its own help too
		}
		b.SetKeys(ks...)
		b.SetHelp(keyLabel(ks), b.Help().Desc)
		for other, ob := range actions {
			if _, mine := keys[other]; mine || other == "accept" || other == "cancel" {
				continue // the query line's keys are of another mode
			}
			left := slices.DeleteFunc(slices.Clone(ob.Keys()), func(key string) bool {
				return slices.Contains(ks, key) && !slices.Contains(own[name].Keys(), key)
			})
			if len(left) == len(ob.Keys()) {
				continue
			}
			ob.SetKeys(left...)
			if len(left) == 0 {
				ob.SetEnabled(false) // gone from the help too
				continue
			}
			ob.SetHelp(keyLabel(left), ob.Help().Desc)
		}
	}
}

// keyLabel is how the help shows a list of keys: the first two, with
// arrows for the arrow keys.
func keyLabel(ks []string) string {
	arrows := map[string]string{"up": "↑", "down": "↓", "left": "←", "right": "→"}
	var out []string
	for _, s := range ks[:min(len(ks), 2)] {
		if a, ok := arrows[s]; ok {
			s = a
		}
		out = append(out, s)
	}
	return strings.Join(out, "/")
}

// Clash is the first of ks that another action of keys has too, and that
// action: one key would do two things. Keys two actions have by default
// (enter opens, and accepts in the query line) do not clash, nor do the
// query line's own (accept, cancel) with the others: they are of another
// mode.
func Clash(keys map[string][]string, action string, ks []string) (key, other string) {
	defaults := newKeyMap()
	own := defaults.bindable()
	query := func(a string) bool { return a == "accept" || a == "cancel" }
	for _, o := range slices.Sorted(maps.Keys(keys)) {
		if o == action || query(o) != query(action) {
			continue
		}
		for _, k := range ks {
			b, ok := own[o]
			shared := ok && own[action] != nil && slices.Contains(b.Keys(), k) && slices.Contains(own[action].Keys(), k)
			if slices.Contains(keys[o], k) && !shared {
				return k, o
			}
		}
	}
	return "", ""
}
