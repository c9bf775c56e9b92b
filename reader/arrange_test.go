package reader

import (
	"strings"
	"testing"
)

func listIDs(m app) []string {
	var ids []string
	for i := range m.list.Len() {
		id, _ := m.list.ID(i)
		ids = append(ids, id)
	}
	return ids
}

// T orders the list as --sort does (as loaded, newest first, by source, by
// title) and # keeps it to one section, each named in the header; the
// article being read stays selected.
func TestSortAndSection(t *testing.T) {
	m := start(t, deskSource(), 120, 40)
	m = drive(t, m, press("j"), press("j")) // rates
	m = drive(t, m, press("T"))
	if ids := listIDs(m); ids[0] != "election" || ids[len(ids)-1] != "housing" {
		t.Fatalf("newest first: %v", ids)
	}
	if !strings.Contains(screen(m), "9 articles · newest first") || selected(m) != "rates" {
		t.Fatalf("header or selection:\n%s", screen(m))
	}
	m = drive(t, m, press("T"), press("T"))
	if ids := listIDs(m); ids[0] != "cafe" || !strings.Contains(screen(m), "by title") {
		t.Fatalf("by title: %v", ids)
	}
	m = drive(t, m, press("#"))
	if ids := listIDs(m); len(ids) != 2 || !strings.Contains(screen(m), "2 articles · by title · in World") {
		t.Fatalf("# World: %v\n%s", ids, screen(m))
	}
	if reading(m) != selected(m) {
		t.Fatalf("reading %s, selected %s", reading(m), selected(m))
	}
	for range len(m.sections()) {
		m = drive(t, m, press("#"))
	}
	m = drive(t, m, press("T"))
	if ids := listIDs(m); len(ids) != 9 || ids[0] != "storm" || strings.Contains(screen(m), " · in ") {
		t.Fatalf("back to every section, as loaded: %v", ids)
	}
}
