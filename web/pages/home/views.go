// Package home holds the signed-in home page and the public information
// pages.
package home

// HomeView is the signed-in home page's model.
type HomeView struct {
	FirstName   string
	Institution string
	Places      []Place
}

// Place is one programme, module or other scope the person works in.
type Place struct {
	Label string
	Role  string
	URL   string
}
