package reader

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/lede-reader/lede/store/safe"
)

// Options configure Run.
type Options struct {
	// Style is "dark", "light", or "" to ask the terminal for its
	// background colour (dark when it does not answer).
	Style string
	// Updates, if not nil, delivers new snapshots while the reader runs.
	// The reader stops listening when it is closed.
	Updates <-chan SourceMsg
	// Context, if not nil, is given to the Library's work the reader
	// starts (an update, a full text, following): the caller cancels it
	// once Run returns, so that quitting waits for none of it.
	Context context.Context
	// NoColor draws without colour. Run also sets it when NO_COLOR is set
	// to anything non-empty (https://no-color.org).
	NoColor bool
	// Library, if not nil, keeps reading state across runs and follows
	// subscriptions: the list shows unread, saved and new, and the keys of
	// reading state work (m, s, A, z, u, S, F, R).
	Library Library
	// Problems are those loading met before the reader opened; more come
	// with each SourceMsg. The status line counts them and ! lists them.
	Problems []error
	// Keys gives actions (as KeyActions names them) other keys than their
	// own; the help shows them as given.
	Keys map[string][]string
	// Opener, if not empty, is the command o and L open links with, in
	// place of $BROWSER ("%s" in it stands for the link).
	Opener string
	// OpenerInTerminal: the opener (Opener, else $BROWSER) is handed the
	// terminal until it quits, as a text browser is (textBrowsers).
	OpenerInTerminal bool
	// Density is the list's to begin with: "dense" (one row a headline),
	// "roomy" (title, byline and a gap), or "" (dense on a short
	// terminal). d changes it.
	Density string
	// ListWidth, if not 0, is the list's width in columns beside the
	// article (the article keeps at least 40); < and > change it.
	ListWidth int
	// Settled, if not nil, is called once, off the update loop, when the
	// load is done and the keys have paused settlePause: work that can
	// wait for it (the library's background check) does, rather than
	// take a core from the first keys typed.
	Settled func()
	// DarkColors and LightColors set colours of the styles (ColorRoles
	// names them) on a dark and on a light background: "#RRGGBB" or an
	// ANSI number "0" to "255".
	DarkColors, LightColors map[string]string
	// Ended, if not nil, is called once the terminal is restored, before
	// Run works out what a quit left of an A or z and hands it to the
	// Library, with how many stories that is (a z's: those of the A it
	// undoes, whose marks it puts back): the caller
	// may say, as it closes the library, that it is saving them (the
	// marks of an A at 100,000 articles took seconds to write, and the
	// quit waited silently).
	Ended func(marking int)
	// Intro, if not empty, is the status line's message at start, in
	// forms longest first (the first that fits is shown): the command
	// line says there what the seeds are, shown alone on a first run,
	// and how to follow a feed.
	Intro []string
}

// Run runs the reader on the terminal until the user quits, and leaves the
// terminal as it found it: on q and ctrl+c, on SIGHUP, SIGINT, SIGQUIT and
// SIGTERM, and on a panic in Update, View or a command. Every one of them
// quits the way q does; a signal is then returned as a *SignalError, a
// panic as an error with its stack, for the caller to report on the
// restored terminal.
func Run(src Source, opts Options) error {
	opts = fromEnv(opts)
	return run(newApp(src, opts), opts)
}

// fromEnv applies the environment to opts: NO_COLOR set to anything
// non-empty means no colour (https://no-color.org).
func fromEnv(opts Options) Options {
	if os.Getenv("NO_COLOR") != "" {
		opts.NoColor = true
	}
	return opts
}

// SignalError is what Run returns when a signal ended the reader, once the
// terminal is restored: the caller exits with ExitCode, as a shell expects
// of a process a signal ended.
type SignalError struct {
	Signal os.Signal
	// Dump holds every goroutine's stack when the signal was SIGQUIT, as Go
	// itself prints them for it: asked for, so printed, but on the restored
	// terminal rather than in raw mode inside the alternate screen.
	Dump []byte
}

func (e *SignalError) Error() string { return "ended by " + signalName(e.Signal) }

// ExitCode is 128 + the signal's number, as shells report a process that
// a signal ended.
func (e *SignalError) ExitCode() int {
	if n, ok := e.Signal.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 1
}

func signalName(s os.Signal) string {
	if n, ok := s.(syscall.Signal); ok {
		switch n {
		case syscall.SIGHUP:
			return "SIGHUP"
		case syscall.SIGINT:
			return "SIGINT"
		case syscall.SIGQUIT:
			return "SIGQUIT"
		case syscall.SIGTERM:
			return "SIGTERM"
		}
	}
	return s.String()
}

// killAfter is how long a signal waits for the reader to quit the way q
// does before the program is killed (the terminal is restored all the
// same, without a last frame): a loop stuck in Update cannot quit.
const killAfter = 3 * time.Second

// framesPerSecond is Bubble Tea's frame rate, its cap: the renderer draws
// what changed at each tick of a ticker at this rate, never between.
const framesPerSecond = 120

// defaultEscDelay is how long an escape byte read alone waits for more of
// a key's sequence before it is the esc key (escInput): long enough for a
// sequence split on a serial line of 9600 baud, short beside a frame.
const defaultEscDelay = 2 * time.Millisecond

// maxEscDelay bounds ESCDELAY: a read waiting on it holds up quitting.
const maxEscDelay = time.Second

// escDelay is ESCDELAY from the environment, in milliseconds as curses
// reads it (0 to 1000), or defaultEscDelay when it is unset or not a
// number of them.
func escDelay(getenv func(string) string) time.Duration {
	ms, err := strconv.Atoi(strings.TrimSpace(getenv("ESCDELAY")))
	if err != nil || ms < 0 {
		return defaultEscDelay
	}
	return min(time.Duration(ms)*time.Millisecond, maxEscDelay)
}

func run(m tea.Model, opts Options) error {
	// Bubble Tea's own handler knows only SIGINT and SIGTERM, and ends the
	// program as killed on SIGINT: the reader handles every signal itself.
	popts := []tea.ProgramOption{tea.WithFPS(framesPerSecond), tea.WithFilter(quitOnInterrupt), tea.WithoutSignalHandler()}
	if opts.NoColor {
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	if in, done := keyInput(escDelay(os.Getenv)); in != nil {
		defer done()
		popts = append(popts, tea.WithInput(in))
	}
	g := guard{m: m, s: &guardState{}}
	p := tea.NewProgram(g, popts...)
	g.s.p = p

	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, endSignals...)
	defer signal.Stop(sigs)
	var ended atomic.Pointer[SignalError]
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
			return
		case s := <-sigs:
			e := &SignalError{Signal: s}
			if s == syscall.SIGQUIT {
				e.Dump = allStacks()
			}
			ended.Store(e)
			go p.Send(tea.QuitMsg{}) // Send waits while Update runs
		}
		select {
		case <-done:
		case <-sigs: // again: the user means it
			p.Kill()
		case <-time.After(killAfter):
			p.Kill()
		}
	}()

	final, err := p.Run()
	close(done)
	if opts.Ended != nil {
		opts.Ended(marking(m))
	}
	finishMarking(m)
	if g, ok := final.(guard); ok && g.crash != nil {
		// The value may quote what the reader was showing: cleaned, like
		// everything else it prints.
		return fmt.Errorf("reader: %s panicked: %s\n%s", g.crash.where, safe.Text(fmt.Sprint(g.crash.value)), g.crash.stack)
	}
	if e := ended.Load(); e != nil {
		return e
	}
	if errors.Is(err, tea.ErrInterrupted) {
		return nil
	}
	return err
}

// finishMarking is run's last word on the model it started: a batch of A
// or z the quit left unrun or unfinished is worked out and handed to the
// library, which writes it as it closes.
func finishMarking(m tea.Model) {
	if a, ok := m.(app); ok {
		a.state.jobs.finish()
	}
}

// marking is how many stories the batches of A and z the reader has not
// taken yet mark.
func marking(m tea.Model) int {
	if a, ok := m.(app); ok {
		return a.state.jobs.marking()
	}
	return 0
}

// allStacks is every goroutine's stack, as SIGQUIT would print them.
func allStacks() []byte {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) || len(buf) >= 64<<20 {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}

// quitOnInterrupt makes an interrupt quit as q does. Bubble Tea would end
// the program as killed: no last frame, and its input reader closed while
// still reading (the race detector sees it).
func quitOnInterrupt(_ tea.Model, msg tea.Msg) tea.Msg {
	if _, ok := msg.(tea.InterruptMsg); ok {
		return tea.QuitMsg{}
	}
	return msg
}
