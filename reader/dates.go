package reader

import "time"

// Dates as the reader writes them, one rule in one place: the day as
// 2006-01-02 wherever it is written out (the byline, lede show, lede
// list, the comparison of versions), with the time after it where
// versions of one day differ by it (DayTime); the dense list's day
// column alone is shorter, as ls -l writes it (shortDate), where ten
// columns would crowd out the title.

// day is t's day.
func day(t time.Time) string { return t.Format(time.DateOnly) }

// DayTime is t's day and time to the minute: the command line's
// comparison of versions, which may differ by hours, writes it.
func DayTime(t time.Time) string { return t.Format("2006-01-02 15:04") }

// shortDate is t's day as a dense list row gives it: month and day in
// the year of now, with the year outside it, as ls -l does ("Jan 16
// 2009").
func shortDate(t, now time.Time) string {
	t = t.In(now.Location())
	if t.Year() == now.Year() {
		return t.Format("Jan _2")
	}
	return t.Format("Jan _2 2006")
}
