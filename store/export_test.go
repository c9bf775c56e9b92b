package store

// CommonLevel and Commonest export common.go's reference to the external
// tests, which judge why words by it.
var CommonLevel = func(word string) int { return commonLevel(termOf(word, false)) }

const Commonest = commonest
