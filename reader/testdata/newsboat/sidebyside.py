#!/usr/bin/env python3
"""lede and newsboat side by side on one RSS feed (bbcfeed.py writes the BBC
corpus as one), each from its store: newsboat from its cache, lede from its
library (lede add FEED, then lede). Interleaved runs, each program started
afresh on a fresh copy of its store, through a pty (a screen emulated with
pyte) and through tmux (capture-pane), at 120x40:

  headlines  start until a headline of the feed is on screen (newsboat opens
             on its feed list: the time includes enter on the feed)
  article    the key that brings an article's text not yet on screen (newsboat:
             enter on the first headline; lede: j, the next article beside the
             list) until a phrase of its text is on screen
  search     the key that finishes a query (newsboat: enter after /QUERY;
             lede, which searches as one types: the query's last letter) until
             its count of results is on screen
  down/up    each arrow key (newsboat's j and k go to the next and previous
             feed) until output is quiet 30 ms (pty; tmux: until
             capture-pane shows the highlight moved)
  RSS        peak resident memory of the process

At --size 60x20 (narrower than 100 columns lede shows the list alone) lede's
article is enter on the next headline, and esc goes back to the list.

usage: sidebyside.py FEED.xml LEDE-BINARY [--runs 5] [--query Yukos] [--keys 20] [--size 120x40]
Needs newsboat, tmux and python3-pyte. Works in a temporary folder."""
import argparse, fcntl, html, os, pty, re, select, shutil, signal, statistics, struct
import queue, subprocess, sys, tempfile, termios, threading, time
try:
    import pyte
except ImportError:
    sys.path.append('/usr/lib/python3/dist-packages')
    import pyte

COLS, ROWS = 120, 40
# The thread that stamps output takes Python's lock from the one emulating
# the screen within 0.1 ms (the default lets it wait 5 ms).
sys.setswitchinterval(1e-4)
DOWN, UP = '\x1b[B', '\x1b[A' 


def feed_items(path):
    """(title, phrase) of every item: the phrase is the opening words of its
    text, as either program shows them at the start of a line."""
    data = open(path, encoding='utf-8').read()
    out = []
    for m in re.finditer(r'<item><title>(.*?)</title>.*?<description>(.*?)</description>', data, re.S):
        title = html.unescape(m.group(1))
        body = html.unescape(html.unescape(m.group(2)))
        first = re.sub(r'<[^>]+>', '\n', body).strip().split('\n')[0]
        words, phrase = first.split(), ''
        for w in words:
            if not re.fullmatch(r"[A-Za-z0-9,.%$-]+", w):
                break
            phrase = (phrase + ' ' + w).strip()
            if len(phrase) >= 14:
                break
        out.append((title, phrase if len(phrase) >= 10 else None))
    return out


class Pty:
    """The program in a pty. A thread reads its output as it comes, answers
    the terminal's queries and stamps each chunk with the time it was read,
    so that emulating the screen (pyte, in Python) delays no timing."""

    def __init__(self, cmd, env):
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update(env)
            os.environ['TERM'] = 'xterm-256color'
            os.execvp(cmd[0], cmd)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack('HHHH', ROWS, COLS, 0, 0))
        self.chunks = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                data = os.read(self.fd, 1 << 20)
            except OSError:
                break
            if not data:
                break
            now = time.monotonic()
            if b'\x1b[c' in data or b'\x1b[0c' in data:
                os.write(self.fd, b'\x1b[?62;22c')
            if b'\x1b]11;?' in data:
                os.write(self.fd, b'\x1b]11;rgb:0000/0000/0000\x1b\\')
            self.chunks.put((now, data))
        self.chunks.put((time.monotonic(), None))

    def _feed(self, data):
        try:
            self.stream.feed(data)
        except Exception:
            pass

    def text(self):
        return '\n'.join(self.screen.display)

    def send(self, s):
        os.write(self.fd, s.encode())

    def wait(self, pred, timeout=30):
        """The time the output that made pred(screen text) hold was read."""
        end = time.monotonic() + timeout
        if pred(self.text()):
            return time.monotonic()
        while time.monotonic() < end:
            try:
                at, data = self.chunks.get(timeout=0.05)
            except queue.Empty:
                continue
            if data is None:
                return None
            self._feed(data)
            if pred(self.text()):
                return at
        return None

    def quiet(self, ms=30, timeout=5):
        """Reads until output has been quiet ms; the time of the first and
        of the last chunk."""
        end = time.monotonic() + timeout
        first = last = None
        while time.monotonic() < end:
            try:
                at, data = self.chunks.get(timeout=ms / 1000)
            except queue.Empty:
                break
            if data is None:
                break
            first = first or at
            last = at
            self._feed(data)
        return first, last

    def finish(self, keys):
        self.send(keys)
        end = time.monotonic() + 5
        while time.monotonic() < end:
            time.sleep(0.02)
            pid, status, ru = os.wait4(self.pid, os.WNOHANG)
            if pid:
                return ru.ru_maxrss
        os.kill(self.pid, signal.SIGKILL)
        _, _, ru = os.wait4(self.pid, 0)
        return ru.ru_maxrss


class Tmux:
    def __init__(self, cmd, env):
        self.s = 'sbs%d' % os.getpid()
        subprocess.run(['tmux', 'kill-session', '-t', self.s], stderr=subprocess.DEVNULL)
        envs = []
        for k, v in env.items():
            envs += ['-e', '%s=%s' % (k, v)]
        subprocess.run(['tmux', 'new-session', '-d', '-s', self.s, '-x', str(COLS), '-y', str(ROWS),
                        '-e', 'TERM=xterm-256color'] + envs + [' '.join(cmd)], check=True)
        self.pane_pid = int(subprocess.check_output(['tmux', 'list-panes', '-t', self.s, '-F', '#{pane_pid}']).strip())

    def text(self, styled=False):
        return subprocess.run(['tmux', 'capture-pane', '-p'] + (['-e'] if styled else []) + ['-t', self.s],
                              capture_output=True, text=True).stdout

    def send(self, s):
        keys = {'\r': 'Enter', '\x1b': 'Escape', DOWN: 'Down', UP: 'Up'}
        subprocess.run(['tmux', 'send-keys', '-t', self.s, keys.get(s, '-l'), ] + ([] if s in keys else [s]))

    def wait(self, pred, timeout=30):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if pred(self.text()):
                return time.monotonic()
            time.sleep(0.001)
        return None

    def quiet(self, ms=30, timeout=5):
        time.sleep(ms / 1000)
        return None, None

    def rss(self):
        pid = self.pane_pid
        for line in open('/proc/%d/status' % pid):
            if line.startswith('VmHWM:'):
                return int(line.split()[1])
        return 0

    def finish(self, keys):
        kb = self.rss()
        self.send(keys)
        time.sleep(0.2)
        subprocess.run(['tmux', 'kill-session', '-t', self.s], stderr=subprocess.DEVNULL)
        return kb


def any_title(items, n=12):
    titles = [t for t, _ in items[:n]]
    return lambda s: any(t[:30] in s for t in titles)


def new_phrase(items, before):
    seen = {p for _, p in items if p and p in before}
    phrases = [p for _, p in items if p and p not in seen]
    return lambda s: any(p in s for p in phrases)


def run_one(prog, how, setup, items, query, nkeys):
    env, cmd = setup(prog)
    term = (Pty if how == 'pty' else Tmux)(cmd, env)
    out = {}
    t0 = time.monotonic()
    if prog == 'newsboat':
        if term.wait(lambda s: 'BBC News' in s and 'Your feeds' in s) is None:
            raise SystemExit('newsboat: no feed list')
        term.send('\r')
    t = term.wait(any_title(items))
    if t is None:
        raise SystemExit('%s: no headlines' % prog)
    out['headlines'] = (t - t0) * 1000
    if prog == 'lede':
        # Keys are timed on the store, as newsboat's are on its cache:
        # once lede's index has come behind its headlines.
        term.wait(lambda s: 'indexing' not in s and 'shares:' in s, 30)
    term.quiet(300)
    # Down and up (newsboat's j and k go to the next and previous feed;
    # lede's are down and up too): through the pty, each key until output
    # is quiet 30 ms (the frame drawn); through tmux, until capture-pane
    # shows the move (the highlight: with its attributes).
    lat = []
    for k in [DOWN] * nkeys + [UP] * nkeys:
        if how == 'pty':
            t = time.monotonic()
            term.send(k)
            _, done = term.quiet(30)
        else:
            before = term.text(True)
            t = time.monotonic()
            term.send(k)
            end = t + 5
            done = None
            while done is None and time.monotonic() < end:
                if term.text(True) != before:
                    done = time.monotonic()
            term.quiet(30)
        if done is not None:
            lat.append((done - t) * 1000)
    out['jk'] = lat
    # An article: its text not on screen before. The test is made before
    # the key is sent: made after, its work (2,225 phrases against the
    # screen) held Python's lock while the output came, and the time the
    # reading thread stamped it was late by as much (10 ms and more).
    before = term.text()
    narrow = COLS < 100  # lede shows the list alone
    if prog == 'lede' and narrow:
        term.send(DOWN)  # the next headline, its article not shown
        term.quiet(300)
        before = term.text()
    shown = new_phrase(items, before)
    t = time.monotonic()
    term.send('\r' if prog == 'newsboat' or narrow else 'j')
    seen = term.wait(shown, 10)
    out['article'] = (seen - t) * 1000 if seen else None
    term.quiet(300)
    term.send('q' if prog == 'newsboat' else '\x1b' if narrow else 'k')
    term.quiet(300)
    # A search: the query typed, then the key that finishes it.
    if prog == 'newsboat':
        term.send('/')
        term.quiet(100)
        for ch in query:
            term.send(ch)
        term.quiet(100)
        t = time.monotonic()
        term.send('\r')
        seen = term.wait(lambda s: 'Search results' in s, 10)
    else:
        term.send('/')
        term.quiet(100)
        for ch in query[:-1]:
            term.send(ch)
            term.quiet(60)
        term.quiet(300)
        t = time.monotonic()
        term.send(query[-1])
        # The count of the whole query, on the query line.
        pat = re.compile(r'/ %s\s+(\d+\+? match(es)?)' % re.escape(query))
        seen = term.wait(lambda s: pat.search(s) is not None, 10)
    out['search'] = (seen - t) * 1000 if seen else None
    term.quiet(200)
    out['rss'] = term.finish('qqq' if prog == 'newsboat' else '\x1bQ') / 1024
    return out


def main():
    global COLS, ROWS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('feed')
    ap.add_argument('lede')
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--query', default='Yukos')
    ap.add_argument('--keys', type=int, default=20)
    ap.add_argument('--size', default='%dx%d' % (COLS, ROWS))
    a = ap.parse_args()
    COLS, ROWS = map(int, a.size.split('x'))
    items = feed_items(a.feed)
    work = tempfile.mkdtemp(prefix='sidebyside-')
    feed = os.path.abspath(a.feed)
    # The stores, made once; each run starts on a fresh copy.
    nb = os.path.join(work, 'nb')
    os.makedirs(nb)
    open(os.path.join(nb, 'urls'), 'w').write('file://%s\n' % feed)
    open(os.path.join(nb, 'config'), 'w').write('auto-reload no\n')
    subprocess.run(['newsboat', '-u', nb + '/urls', '-c', nb + '/cache.db', '-C', nb + '/config', '-x', 'reload'], check=True)
    ld = os.path.join(work, 'lede')
    lenv = {'XDG_DATA_HOME': ld + '/data', 'XDG_CONFIG_HOME': ld + '/config', 'XDG_STATE_HOME': ld + '/state',
            'HOME': ld}
    os.makedirs(ld + '/config/lede')
    open(ld + '/config/lede/config.toml', 'w').write('update_interval = "0"\n')
    subprocess.run([a.lede, 'add', feed], env=dict(os.environ, **lenv), check=True, stdout=subprocess.DEVNULL)
    subprocess.run([a.lede, 'list'], env=dict(os.environ, **lenv), check=True, stdout=subprocess.DEVNULL)
    pristine = work + '/pristine'
    shutil.copytree(nb, pristine + '/nb')
    shutil.copytree(ld, pristine + '/lede')

    def setup(prog):
        if prog == 'newsboat':
            shutil.rmtree(nb)
            shutil.copytree(pristine + '/nb', nb)
            return {}, ['newsboat', '-u', nb + '/urls', '-c', nb + '/cache.db', '-C', nb + '/config']
        shutil.rmtree(ld)
        shutil.copytree(pristine + '/lede', ld)
        return lenv, [a.lede]

    res = {}
    for how in ['pty', 'tmux']:
        for r in range(a.runs):
            order = ['newsboat', 'lede'] if r % 2 == 0 else ['lede', 'newsboat']
            for prog in order:
                o = run_one(prog, how, setup, items, a.query, a.keys)
                res.setdefault((how, prog), []).append(o)
                print('%s %s run %d: headlines %.1f ms, article %s ms, search %s ms, down/up median %.1f ms, RSS %.0f MB' % (
                    how, prog, r + 1, o['headlines'], o['article'] and round(o['article'], 1),
                    o['search'] and round(o['search'], 1), statistics.median(o['jk']), o['rss']), flush=True)
    p95 = lambda v: sorted(v)[min(len(v) - 1, int(len(v) * 0.95))]
    med = lambda v: statistics.median([x for x in v if x is not None]) if any(x is not None for x in v) else float('nan')
    print('\nmedians of %d runs (down/up: over every key of every run), %dx%d' % (a.runs, COLS, ROWS))
    print('| through | reader | headlines | article | search | down/up p50 / p95 | peak RSS |')
    print('| --- | --- | --- | --- | --- | --- | --- |')
    for (how, prog), runs in res.items():
        jk = [x for o in runs for x in o['jk']]
        print('| %s | %s | %.1f ms | %.1f ms | %.1f ms | %.1f / %.1f ms | %.0f MB |' % (
            how, prog, med([o['headlines'] for o in runs]), med([o['article'] for o in runs]),
            med([o['search'] for o in runs]), statistics.median(jk), p95(jk), med([o['rss'] for o in runs])))
    shutil.rmtree(work)


if __name__ == '__main__':
    main()
