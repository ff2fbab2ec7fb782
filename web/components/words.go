package components

// Plural chooses the word for n things: one when n is 1, many otherwise
// (0 included: "0 activities").
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
