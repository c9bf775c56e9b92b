#!/usr/bin/env python3
"""Writes the BBC corpus (../shared/corpora/bbc: a folder a section, a text
file an article, its first line the title) as one RSS 2.0 feed, for the side
by side with newsboat (sidebyside.py). Items are in the corpus's order
(sections, then file names), each dated an hour before the one above it, so
that newest first is the feed's order for both readers.

usage: bbcfeed.py CORPUS OUT.xml"""
import html, os, sys
from email.utils import formatdate

BASE = 1735689600  # 2025-01-01T00:00:00Z


def articles(corpus):
    out = []
    for section in sorted(os.listdir(corpus)):
        d = os.path.join(corpus, section)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            raw = open(os.path.join(d, name), 'rb').read()
            try:
                text = raw.decode('utf-8')
            except UnicodeDecodeError:
                text = raw.decode('latin-1')
            lines = text.replace('\r\n', '\n').strip().split('\n')
            paras = [p.strip() for p in '\n'.join(lines[1:]).split('\n') if p.strip()]
            out.append({'section': section, 'id': section + '-' + os.path.splitext(name)[0],
                        'title': lines[0].strip(), 'paras': paras})
    return out


def write(arts, path):
    with open(path, 'w', encoding='utf-8') as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                '<title>BBC News</title><link>https://www.bbc.co.uk/news</link>'
                '<description>The BBC corpus as one feed</description>\n')
        n = len(arts)
        for i, a in enumerate(arts):
            body = ''.join('<p>%s</p>' % html.escape(p, quote=False) for p in a['paras'])
            f.write('<item><title>%s</title><link>https://www.bbc.co.uk/news/%s</link><guid>bbc-%s</guid>'
                    '<category>%s</category><pubDate>%s</pubDate><description>%s</description></item>\n' % (
                        html.escape(a['title'], quote=False), a['id'], a['id'], a['section'],
                        formatdate(BASE + (n - i) * 3600, usegmt=True), html.escape(body, quote=False)))
        f.write('</channel></rss>\n')


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    arts = articles(sys.argv[1])
    write(arts, sys.argv[2])
    print('%d articles -> %s' % (len(arts), sys.argv[2]))
